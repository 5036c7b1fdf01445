import { buildGraph, type JourneyGraph } from '../graph/graph.js';
import { canFinish, reachFromStart, turnsToHuman, type HumanDistances, type Reachability } from '../graph/traversal.js';
import type { Journey } from '../model/types.js';

/** Graph analyses of one journey, each computed on first use and shared by every rule. */
export class JourneyAnalyses {
  private cachedGraph?: JourneyGraph;
  private cachedReach?: Reachability;
  private cachedDistances?: HumanDistances;
  private cachedFinish?: Uint8Array;

  constructor(readonly journey: Journey) {}

  /** The journey as an indexed graph. */
  get graph(): JourneyGraph {
    return (this.cachedGraph ??= buildGraph(this.journey));
  }

  /** Reachability from the start over every kind of transition. */
  get reach(): Reachability {
    return (this.cachedReach ??= reachFromStart(this.graph));
  }

  /** Customer turns to the nearest human state. */
  get distances(): HumanDistances {
    return (this.cachedDistances ??= turnsToHuman(this.graph));
  }

  /** Which states can still reach an end or a human state by any transition. */
  get finish(): Uint8Array {
    return (this.cachedFinish ??= canFinish(this.graph));
  }
}
