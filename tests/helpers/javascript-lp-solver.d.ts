// Minimal types for the independent attacker in the statistics property tests.
declare module 'javascript-lp-solver' {
  interface Model {
    optimize: string;
    opType: 'max' | 'min';
    constraints: Record<string, { equal?: number; max?: number; min?: number }>;
    variables: Record<string, Record<string, number>>;
    ints?: Record<string, 1>;
  }
  interface Solution {
    feasible: boolean;
    bounded?: boolean;
    result: number;
  }
  const solver: { Solve(model: Model): Solution };
  export default solver;
}
