// Types of the exertrack package (src/index.js). The shapes are those of
// `exertrack recommend --json` and `exertrack serve` (docs/openapi.yaml in
// the repository); tests/types.test.js compiles a use of each with tsc.

export type Unit = 'kg' | 'lb';
export type Equipment = 'barbell' | 'dumbbell' | 'machine' | 'kettlebell' | 'other';
export type LoadKind = 'weighted' | 'bodyweight' | 'assisted';
export type Action =
  | 'decrease weight'
  | 'increase reps'
  | 'increase weight'
  | 'increase weight, decrease reps'
  | 'repeat';

// ---- the next-session forecast (forecast.json; no dependency) ----

/** One logged set; sets of an exercise with the same date-time form one session. */
export interface LoggedSet {
  /** Omitted: bodyweight. Negative: assistance. */
  weight?: number;
  reps?: number;
  /** "YYYY-MM-DD" or "YYYY-MM-DD HH:MM:SS" (not needed inside `sessions`). */
  date?: string;
  /** Only normal and failure sets are working sets. */
  kind?: 'normal' | 'warmup' | 'drop' | 'failure';
  rpe?: number;
  duration_s?: number;
  distance_m?: number;
}

/** An exercise's sets, or (the HTTP body's shape) its sessions oldest first. */
export type ExerciseLog = {
  name: string;
  /** The unit of the weights (default kg). */
  unit?: Unit;
} & ({ sets: LoggedSet[] } | { sessions: { date?: string; sets: LoggedSet[] }[] });

export interface TopSet {
  weight: number;
  reps: number;
  unit: Unit;
}

export interface Advice {
  name: string;
  equipment: Equipment;
  kind: LoadKind;
  unit: Unit;
  /** null when the sessions were sent without dates */
  last_session: TopSet & { date: string | null };
  /** Not trained for 8 weeks before the log's last date; null when the
   * sessions were sent without dates (inactivity is not judged). */
  inactive: boolean | null;
  sessions: number;
  action: Action;
  probability: number;
  probabilities: Record<Action, number>;
  ready_to_add_weight: number;
  target: TopSet;
  /**
   * Barbell targets of weighted work: the plates on each side of the bar
   * (the model's plate set for the unit), heaviest first; [] = the bare bar;
   * null for other equipment, a target off the plate grid or below the bar,
   * or a model without plate sets.
   */
  plates_per_side: number[] | null;
  /** Loads for the rep counts asked for with planned_reps. */
  planned: TopSet[];
  reason: string;
  [more: string]: unknown;
}

export interface LogAdvice {
  task: 'next-session';
  results: Advice[];
  /** Exercises without a working set (cardio, timed holds), with the reason. */
  not_strength: { name: string; reason: string }[];
}

export interface AdviseOptions {
  /** Unit of the targets (default: the first exercise's unit, else kg). */
  unit?: Unit;
  /** Whole rep counts (1 to the model's definition.max_planned_reps) to give loads for. */
  planned_reps?: number[];
  /** The date that decides inactivity (default: the log's last set). */
  now?: string | Date;
  /** Keep only this exercise. */
  exercise?: string;
}

export declare class Forecaster {
  constructor(json: object, where?: string);
  /** The bar and plates of barbell targets per unit, as the model file records them; null when it records none. */
  readonly plates: { kg: { bar: number; plates: number[] }; lb: { bar: number; plates: number[] } } | null;
  adviseLog(exercises: ExerciseLog[], options?: AdviseOptions): LogAdvice;
  advise(exercise: ExerciseLog, options?: AdviseOptions): Advice | null;
  /** The body of POST /v1/recommendations, answered as `exertrack serve` does. */
  recommend(body: { exercises: (ExerciseLog & { target_unit?: Unit })[]; unit?: Unit; planned_reps?: number[] }): LogAdvice;
  features(exercises: ExerciseLog[]): { name: string; features: number[][] }[];
}

/** DIR/forecast.json, DIR/model/forecast.json (a run directory) alike. */
/** DIR's next-session model (a run directory or its model/); without DIR,
 * the model shipped with exertrack (docs/model-card.md in the repository). */
export declare function loadForecaster(dir?: string): Promise<Forecaster>;
/** Where the shipped model is: inside the installed package, else the repository's models/. */
export declare function shippedModelDir(): string;
/** True when DIR (or DIR/model) holds a next-session model. */
export declare function isForecastModelDir(dir: string): boolean;

export declare class XGBoostModel {
  constructor(json: object, where?: string);
  margins(row: ArrayLike<number>): Float32Array | number[];
  predict(row: ArrayLike<number>): number[];
}

export declare function buildSessions(exercises: ExerciseLog[]): { last_time: number; exercises: object[]; left_out: { name: string; reason: string }[] };
export declare function sessionFeatures(exercise: object, t: number, definition: object): number[];
export declare function plannedRepsFeatures(exercise: object, t: number, plannedReps: number, definition: object): number[];
export declare const ACTIONS: readonly Action[];
export declare const SESSION_FEATURES: readonly string[];
export declare const PLANNED_REPS_FEATURES: readonly string[];

// ---- the notebook model (TensorFlow.js; needs the peer @tensorflow/tfjs) ----

export type NotebookLabel = 'increase reps' | 'increase weight' | 'increase weight, decrease reps';

export interface NotebookSet {
  weight: number;
  reps: number;
}

export interface TargetRule {
  increment?: number;
  repsStep?: number;
  minReps?: number;
  unit?: Unit;
}

/** One exercise as POST /v1/recommendations takes it (docs/openapi.yaml). */
export type NotebookExercise = {
  name: string;
  /** of the weights; required unless the body's unit says it */
  unit?: Unit;
  /** of last_set and target; default unit */
  target_unit?: Unit;
  /** default: from the name ("cable" counts as machine) */
  equipment?: Equipment | 'cable';
  /** weight step in target_unit; default: the model's step for target_unit and equipment */
  increment?: number;
  /** default: the model's */
  reps_step?: number;
} & ({ sets: NotebookSet[] } | { sessions: { sets: NotebookSet[] }[] });

export interface NotebookBody {
  exercises: NotebookExercise[];
  /** default unit of every exercise */
  unit?: Unit;
}

/** The HTTP API's result for one exercise, field for field. */
export interface NotebookRecommendation {
  name: string;
  equipment: Equipment;
  label: NotebookLabel;
  probabilities: Record<NotebookLabel, number>;
  /** the labelling rule on the last set (what training's labels say) */
  rule_label: NotebookLabel;
  target: { weight: number; unit: Unit; reps: number };
  reason: string;
  /** the last set as the target rule saw it, in the target unit */
  last_set: { weight: number; unit: Unit; reps: number };
  /** the model's input for the last set, by feature name */
  features: Record<string, number | null>;
}

/** A model's target rule (userDefinedMetadata.target_rule), steps in Equipment order. */
export interface TargetRules {
  readonly steps: { readonly kg: readonly number[]; readonly lb: readonly number[] };
  readonly repsStep: number;
  readonly minReps: number;
}

/** A rejected input: the message and status (422, or 413 past the limits) the HTTP API answers with. */
export interface NotebookInputError extends Error {
  status: 413 | 422;
}

/** undefined when @tensorflow/tfjs is not installed. */
export declare class Predictor {
  readonly targetRules: TargetRules;
  /** the loadPredictor targetRule option's fields */
  readonly targetRule: Readonly<TargetRule>;
  features(sets: NotebookSet[]): { raw: number[][]; model: number[][]; ruleLabels: NotebookLabel[] };
  predict(sets: NotebookSet[]): Promise<NotebookLabel[]>;
  /** a bare array of sets is an unnamed exercise in the targetRule option's unit (default kg) */
  recommend(sets: NotebookSet[]): Promise<NotebookRecommendation>;
  recommend(exercise: NotebookExercise): Promise<NotebookRecommendation>;
  /** answered as `exertrack serve` does: one result per exercise, in request order */
  recommend(body: NotebookBody): Promise<{ results: NotebookRecommendation[] }>;
  recommendBody(body: NotebookBody): Promise<{ results: NotebookRecommendation[] }>;
  dispose(): void;
}

/** A run directory or its model/ folder (model.json and its shards). */
export declare function loadPredictor(modelDir: string, options?: { targetRule?: TargetRule; backend?: string }): Promise<Predictor>;

export declare const CLASS_NAMES: readonly NotebookLabel[];
export declare const FEATURE_NAMES: readonly string[];
export declare const DEFINITIONS: Readonly<Record<string, object>>;
export declare const DEFAULT_TARGET_RULE: Readonly<Required<TargetRule>>;
export declare function parseDefinition(json: object): object;
export declare function rawSequenceFeatures(sets: NotebookSet[], definition?: object): number[][];
export declare function ruleLabel(raw: number[], definition?: object): number;
export declare function modelFeatures(raw: number[]): number[];
export declare function nextTarget(
  label: NotebookLabel,
  last: NotebookSet,
  rule?: TargetRule,
): { target: { weight: number; unit: Unit; reps: number }; reason: string };
export declare function fileSystemHandler(dir: string): object;
