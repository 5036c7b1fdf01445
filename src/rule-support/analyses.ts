import { buildGraph, type JourneyGraph } from '../graph/graph.js';
import { canFinish, personStates, reachFromStart, turnsToHuman, type HumanDistances, type Reachability } from '../graph/traversal.js';
import type { Journey } from '../model/types.js';

/** Graph analyses of one journey, each computed on first use and shared by every rule. */
export class JourneyAnalyses {
  private cachedGraph?: JourneyGraph;
  private cachedReach?: Reachability;
  private cachedDistances?: HumanDistances;
  private cachedPersons?: readonly number[];
  private cachedFinish?: Uint8Array;

  constructor(readonly journey: Journey) {}

  /** The journey as an indexed graph (states of called journeys included). */
  get graph(): JourneyGraph {
    return (this.cachedGraph ??= buildGraph(this.journey));
  }

  /** Reachability from the start over every kind of transition. */
  get reach(): Reachability {
    return (this.cachedReach ??= reachFromStart(this.graph));
  }

  /**
   * Where the customer reaches a person: human states, and ends with `human: later`
   * (a call back) where the journey's priority lets them count (not urgent).
   */
  get persons(): readonly number[] {
    return (this.cachedPersons ??= personStates(this.graph));
  }

  /** Customer turns to the nearest person (`persons`: human states, and call backs where they count). */
  get distances(): HumanDistances {
    return (this.cachedDistances ??= turnsToHuman(this.graph, undefined, this.persons));
  }

  /** Which states can still reach an end or a human state by any transition. */
  get finish(): Uint8Array {
    return (this.cachedFinish ??= canFinish(this.graph));
  }
}
