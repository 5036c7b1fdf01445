/** A journey whose title, says, queue and a comment on a finding's line try to inject markup. */
export const HOSTILE = `journey: hostile
title: "</script><img src=x onerror=alert(1)> & <b>bold</b>"
offramp: { to: agent, on: [agent_requested], no_match: 2, frustration: true }
start: ask
states:
  ask:
    say: "</script><img src=x onerror=alert(2)>"
    on: { done: done }
  orphan: # </script><img src=x onerror=alert(3)>
    say: "<svg onload=alert(4)>"
    on: { back: ask }
  agent: { type: human, queue: "<q>", hours: always }
  done: { type: end, outcome: resolved, feedback: true }
`;
