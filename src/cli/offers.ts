import type { Argument, Command, Option } from 'commander';

/** Where the values of one option or argument come from, read only when a completion script is printed. */
export type Offer = () => readonly string[] | Promise<readonly string[]>;

/**
 * Values shell completion offers for options and arguments of the commander program. They sit
 * beside the program rather than in commander's `choices`, which would refuse other values with
 * commander's message: each command refuses a bad value itself, with its own.
 */
const OFFERS = new WeakMap<Option | Argument, Offer>();

/** Records the values completion offers for the option `long` (e.g. `--format`) of `command`. */
export function offerOption(command: Command, long: string, values: Offer): Command {
  const option = command.options.find((o) => o.long === long);
  if (!option) throw new Error(`offerOption: ${command.name()} has no option ${long}`);
  OFFERS.set(option, values);
  return command;
}

/** Records the values completion offers for the `index`th argument of `command`. */
export function offerArgument(command: Command, index: number, values: Offer): Command {
  const argument = command.registeredArguments[index];
  if (!argument) throw new Error(`offerArgument: ${command.name()} has no argument ${index}`);
  OFFERS.set(argument, values);
  return command;
}

/** The values completion offers for an option or argument, if any were recorded. */
export async function offeredValues(item: Option | Argument): Promise<readonly string[] | undefined> {
  const offer = OFFERS.get(item);
  return offer ? [...(await offer())] : undefined;
}
