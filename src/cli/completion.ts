import type { Argument, Command, Option } from 'commander';
import { EXIT, UsageError } from './exit-codes.js';
import type { Io } from './io.js';
import { offeredValues } from './offers.js';

/** The shells `journey completion` writes a script for. */
export const SHELLS = ['bash', 'zsh', 'fish'] as const;

/** One of SHELLS. */
export type Shell = (typeof SHELLS)[number];

/** What a value (of an option or an argument) completes to. */
export interface ValueSpec {
  /** Its name in the help (`name`, `file`, `paths`). */
  readonly valueName: string;
  /** Fixed values (formats, rule ids, platforms), when the program records them. */
  readonly values?: readonly string[];
  /** Files (`file`), folders (`dir`), or nothing to offer (a number, a time, a spec). */
  readonly kind: 'values' | 'file' | 'dir' | 'none';
}

/** One option of a command, as completion sees it. */
export interface OptionSpec {
  readonly short?: string;
  readonly long: string;
  readonly description: string;
  /** True when the help says it may be given again (collecting options). */
  readonly repeatable: boolean;
  /** What its value completes to; absent for a flag. */
  readonly value?: ValueSpec;
}

/** One positional argument. */
export interface ArgumentSpec extends ValueSpec {
  readonly required: boolean;
  readonly variadic: boolean;
}

/** One command, or the program itself (name ''). */
export interface CommandSpec {
  readonly name: string;
  readonly description: string;
  readonly options: readonly OptionSpec[];
  readonly arguments: readonly ArgumentSpec[];
}

/** The whole program: its own options and its commands. */
export interface ProgramSpec {
  readonly name: string;
  readonly options: readonly OptionSpec[];
  readonly commands: readonly CommandSpec[];
}

/** `journey completion <shell>`: prints the completion script of the program it runs in. */
export async function runCompletion(shell: string, program: Command, io: Io): Promise<number> {
  if (!(SHELLS as readonly string[]).includes(shell)) throw new UsageError(`unknown shell "${shell}"; use ${SHELLS.join(', ')}.`);
  io.stdout.write(completionScript(shell as Shell, await describeProgram(program)));
  return EXIT.OK;
}

/**
 * Reads what completion needs from the commander program: the commands, options and arguments
 * its help shows (help and version included), and the values recorded for them (`offers.ts`).
 */
export async function describeProgram(program: Command): Promise<ProgramSpec> {
  const help = program.createHelp();
  const commands = help.visibleCommands(program);
  const names = commands.map((c) => c.name());
  const describe = async (command: Command): Promise<CommandSpec> => ({
    name: command.name(),
    description: command.description(),
    options: await Promise.all(help.visibleOptions(command).map(optionSpec)),
    // commander's own `help [command]` takes a command name.
    arguments: await Promise.all(command.registeredArguments.map((a) => argumentSpec(a, command.name() === 'help' ? names : undefined))),
  });
  return { name: program.name(), options: (await describe(program)).options, commands: await Promise.all(commands.map(describe)) };
}

async function optionSpec(option: Option): Promise<OptionSpec> {
  const valueName = /[<[]([^>\]]+)[>\]]/.exec(option.flags)?.[1];
  return {
    ...(option.short ? { short: option.short } : {}),
    long: option.long ?? option.flags,
    description: option.description,
    repeatable: /\brepeatable\b/.test(option.description),
    ...(valueName === undefined ? {} : { value: valueSpec(valueName, await offeredValues(option)) }),
  };
}

async function argumentSpec(argument: Argument, names: readonly string[] | undefined): Promise<ArgumentSpec> {
  return { ...valueSpec(argument.name(), names ?? (await offeredValues(argument))), required: argument.required, variadic: argument.variadic };
}

/** Files for a value named like one (`file`, `path`, `paths`, `dir`), fixed values when recorded, else nothing to guess. */
function valueSpec(valueName: string, values: readonly string[] | undefined): ValueSpec {
  if (values) return { valueName, values, kind: 'values' };
  if (valueName === 'dir') return { valueName, kind: 'dir' };
  if (/^(file|path|paths)$/.test(valueName)) return { valueName, kind: 'file' };
  return { valueName, kind: 'none' };
}

/** The completion script for `shell`. */
export function completionScript(shell: Shell, spec: ProgramSpec): string {
  if (shell === 'bash') return bashScript(spec);
  if (shell === 'zsh') return zshScript(spec);
  return fishScript(spec);
}

const namesOf = (o: OptionSpec): string[] => (o.short ? [o.short, o.long] : [o.long]);

/** Bash: one function that finds the command word, then completes an option's value, an option, or an argument. */
function bashScript(spec: ProgramSpec): string {
  const fn = `_${spec.name}_complete`;
  const words = (list: readonly string[]): string => `'${list.join(' ')}'`;
  const reply = (value: ValueSpec): string => {
    if (value.kind === 'values') return `mapfile -t COMPREPLY < <(compgen -W ${words(value.values ?? [])} -- "$cur")`;
    if (value.kind === 'file') return 'compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -f -- "$cur")';
    if (value.kind === 'dir') return 'compopt -o filenames 2>/dev/null; mapfile -t COMPREPLY < <(compgen -d -- "$cur")';
    return 'COMPREPLY=()';
  };
  const out: string[] = [
    `# ${spec.name} completion for bash, generated by \`${spec.name} completion bash\`.`,
    `# Load it with: source <(${spec.name} completion bash)`,
    `${fn}() {`,
    '  local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}',
    '  local command= i',
    '  for ((i = 1; i < COMP_CWORD; i++)); do',
    '    case ${COMP_WORDS[i]} in',
    '      -*) ;;',
    '      *) command=${COMP_WORDS[i]}; break ;;',
    '    esac',
    '  done',
    '  if [[ -z $command ]]; then',
    `    if [[ $cur == -* ]]; then mapfile -t COMPREPLY < <(compgen -W ${words(spec.options.flatMap(namesOf))} -- "$cur")`,
    `    else mapfile -t COMPREPLY < <(compgen -W ${words(spec.commands.map((c) => c.name))} -- "$cur"); fi`,
    '    return',
    '  fi',
    '  local options= valued=',
    '  case $command in',
  ];
  for (const c of spec.commands) {
    out.push(`    ${c.name}) options=${words(c.options.flatMap(namesOf))}; valued=${words(c.options.filter((o) => o.value).flatMap(namesOf))} ;;`);
  }
  out.push('    *) return ;;', '  esac', '  case "$command $prev" in');
  for (const c of spec.commands) {
    for (const o of c.options) {
      if (!o.value) continue;
      out.push(`    ${namesOf(o).map((n) => `'${c.name} ${n}'`).join('|')}) ${reply(o.value)}; return ;;`);
    }
  }
  out.push(
    '  esac',
    '  if [[ $cur == -* ]]; then mapfile -t COMPREPLY < <(compgen -W "$options" -- "$cur"); return; fi',
    // Which argument this is: words after the command that are neither options nor option values.
    '  local n=0 skip=',
    '  for ((i = i + 1; i < COMP_CWORD; i++)); do',
    '    if [[ -n $skip ]]; then skip=; continue; fi',
    '    case " $valued " in *" ${COMP_WORDS[i]} "*) skip=1; continue ;; esac',
    '    [[ ${COMP_WORDS[i]} == -* ]] || n=$((n + 1))',
    '  done',
    '  case "$command $n" in',
  );
  for (const c of spec.commands) {
    c.arguments.forEach((a, index) => {
      // The last argument, when variadic, takes every further word (earlier arguments' cases come first).
      const pattern = a.variadic ? `'${c.name} '*` : `'${c.name} ${index}'`;
      out.push(`    ${pattern}) ${reply(a)} ;;`);
    });
  }
  out.push('    *) COMPREPLY=() ;;', '  esac', '}', `complete -F ${fn} ${spec.name}`, '');
  return out.join('\n');
}

/** Text inside a zsh `_arguments` description (`[...]`) or value name (`:...:`), inside single quotes. */
function zshText(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/([[\]:])/g, '\\$1').replace(/'/g, `'\\''`);
}

/** Zsh: `_arguments` specs per command, generated from the same description as the others. */
function zshScript(spec: ProgramSpec): string {
  const action = (value: ValueSpec): string => {
    if (value.kind === 'values') return `(${(value.values ?? []).join(' ')})`;
    if (value.kind === 'file') return '_files';
    if (value.kind === 'dir') return '_files -/';
    return ' ';
  };
  const option = (o: OptionSpec, exclusive: boolean): string => {
    const names = namesOf(o);
    const prefix = exclusive ? `'(- 1 *)'` : o.repeatable ? `'*'` : names.length > 1 ? `'(${names.join(' ')})'` : '';
    const flags = names.length > 1 ? `{${names.join(',')}}` : names[0];
    const value = o.value ? `:${zshText(o.value.valueName)}:${action(o.value)}` : '';
    return `${prefix}${flags}'[${zshText(o.description)}]${value}'`;
  };
  const argument = (a: ArgumentSpec, index: number): string => {
    if (a.variadic) return `'*:${zshText(a.valueName)}:${action(a)}'`;
    return `'${index + 1}:${a.required ? '' : ':'}${zshText(a.valueName)}:${action(a)}'`;
  };
  const out: string[] = [
    `#compdef ${spec.name}`,
    `# ${spec.name} completion for zsh, generated by \`${spec.name} completion zsh\`.`,
    `# Save it as _${spec.name} in a folder of $fpath, or load it after compinit with: source <(${spec.name} completion zsh)`,
    `_${spec.name}() {`,
    '  local curcontext=$curcontext state line',
    '  typeset -A opt_args',
    '  _arguments -C \\',
    ...spec.options.map((o) => `    ${option(o, true)} \\`),
    `    '1:command:->command' \\`,
    `    '*::argument:->argument' && return`,
    '  case $state in',
    '    command)',
    '      local -a commands',
    '      commands=(',
    ...spec.commands.map((c) => `        '${c.name}:${c.description.replace(/'/g, `'\\''`)}'`),
    '      )',
    '      _describe -t commands command commands ;;',
    '    argument)',
    `      curcontext=\${curcontext%:*:*}:${spec.name}-$words[1]:`,
    '      case $words[1] in',
  ];
  for (const c of spec.commands) {
    const specs = [...c.options.map((o) => option(o, false)), ...c.arguments.map(argument)];
    out.push(`        (${c.name})`, '          _arguments \\', ...specs.map((s, i) => `            ${s}${i < specs.length - 1 ? ' \\' : ''}`), '          ;;');
  }
  out.push('      esac ;;', '  esac', '}', `if [[ $funcstack[1] == _${spec.name} ]]; then _${spec.name} "$@"; else compdef _${spec.name} ${spec.name}; fi`, '');
  return out.join('\n');
}

/** Text inside single quotes in fish. */
function fishText(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** Fish: one `complete` line per command, option and argument list, conditioned on the command given. */
function fishScript(spec: ProgramSpec): string {
  const c0 = `complete -c ${spec.name}`;
  const value = (v: ValueSpec): string => {
    if (v.kind === 'values') return ` -x -a ${fishText((v.values ?? []).join(' '))}`;
    if (v.kind === 'file' || v.kind === 'dir') return ' -r -F';
    return ' -x';
  };
  const option = (condition: string, o: OptionSpec): string =>
    `${c0} -n ${condition}${o.short ? ` -s ${o.short.slice(1)}` : ''} -l ${o.long.slice(2)}${o.value ? value(o.value) : ''} -d ${fishText(o.description)}`;
  const out: string[] = [
    `# ${spec.name} completion for fish, generated by \`${spec.name} completion fish\`.`,
    `# Save it with: ${spec.name} completion fish > ~/.config/fish/completions/${spec.name}.fish`,
    // Nothing is a file unless an argument or option says so.
    `${c0} -f`,
    ...spec.options.map((o) => option('__fish_use_subcommand', o)),
    ...spec.commands.map((c) => `${c0} -n __fish_use_subcommand -a ${c.name} -d ${fishText(c.description)}`),
  ];
  for (const c of spec.commands) {
    const condition = fishText(`__fish_seen_subcommand_from ${c.name}`);
    for (const o of c.options) out.push(option(condition, o));
    for (const a of c.arguments) {
      if (a.kind === 'values') out.push(`${c0} -n ${condition} -a ${fishText((a.values ?? []).join(' '))}`);
      else if (a.kind === 'file' || a.kind === 'dir') out.push(`${c0} -n ${condition} -F`);
    }
  }
  return `${out.join('\n')}\n`;
}
