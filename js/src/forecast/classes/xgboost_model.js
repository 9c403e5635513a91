'use strict';
// The XGBoost tree walk the model file's four heads are evaluated with (the
// C++ side: next_session/model/xgb.cpp).

// Evaluates an XGBoost 1.7 JSON model (Booster.save_model(... .json)).
// Written here rather than taken from npm: the candidates do not evaluate
// this format — xgboost-scorer 0.0.4 walks the text dump (get_dump) and only
// does binary:logistic, ml-xgboost 1.1.2 (2018) is a WASM build of an
// XGBoost that predates the JSON model; neither compares in float32 or does
// multi:softprob. What XGBoost's CPU predictor does, and this does too:
// features are float32; a node sends x left when x < split_condition (both
// float32) and a missing (NaN) x the default_left way; a leaf's value is its
// split_condition; the margin starts at base_score and each tree's leaf is
// added in float32 to its output group (tree_info); multi:softprob then
// applies common::Softmax (float max, float exp, double sum, float divide).
class XGBoostModel {
  constructor(json, where = 'model') {
    const learner = json && json.learner;
    if (!learner || !learner.gradient_booster || !learner.learner_model_param || !learner.objective) {
      throw new Error(`${where}: not an XGBoost JSON model (no learner)`);
    }
    const gb = learner.gradient_booster;
    if (gb.name !== 'gbtree') throw new Error(`${where}: booster '${gb.name}' is not supported (gbtree only)`);
    this.objective = learner.objective.name;
    const param = learner.learner_model_param;
    this.numFeature = Number(param.num_feature);
    const numClass = Number(param.num_class) || 0;
    if (this.objective === 'multi:softprob') {
      this.groups = numClass;
    } else if (['reg:squarederror', 'reg:absoluteerror', 'reg:pseudohubererror'].includes(this.objective)) {
      this.groups = 1;  // identity link: the margin is the prediction
    } else {
      throw new Error(`${where}: objective '${this.objective}' is not supported`);
    }
    // base_score is the margin for these objectives (ProbToMargin is the identity).
    this.baseScore = Math.fround(Number(param.base_score));
    const model = gb.model;
    const numParallel = Number((model.gbtree_model_param || {}).num_parallel_tree || 1);
    if (numParallel !== 1) throw new Error(`${where}: num_parallel_tree ${numParallel} is not supported`);
    this.treeGroup = Int32Array.from(model.tree_info);
    this.trees = model.trees.map((t, i) => {
      if ((t.split_type || []).some((x) => x !== 0)) throw new Error(`${where}: tree ${i}: categorical splits are not supported`);
      return {
        left: Int32Array.from(t.left_children),
        right: Int32Array.from(t.right_children),
        feature: Int32Array.from(t.split_indices),
        condition: Float32Array.from(t.split_conditions),
        defaultLeft: Uint8Array.from(t.default_left),
      };
    });
    if (this.treeGroup.length !== this.trees.length) throw new Error(`${where}: tree_info does not match the trees`);
  }

  // Margins (float32 values) for one row of numbers (NaN = missing).
  margins(row) {
    if (row.length !== this.numFeature) throw new RangeError(`expected ${this.numFeature} features, got ${row.length}`);
    const x = Float32Array.from(row);
    const out = new Float32Array(this.groups).fill(this.baseScore);
    for (let k = 0; k < this.trees.length; k++) {
      const { left, right, feature, condition, defaultLeft } = this.trees[k];
      let n = 0;
      while (left[n] !== -1) {
        const v = x[feature[n]];
        n = Number.isNaN(v) ? (defaultLeft[n] ? left[n] : right[n]) : v < condition[n] ? left[n] : right[n];
      }
      const g = this.treeGroup[k];
      out[g] = out[g] + condition[n];  // Float32Array stores the float32 sum
    }
    return out;
  }

  /** Predictions for one row: class probabilities (multi:softprob) or [value], as float32 values. */
  predict(row) {
    const m = this.margins(row);
    if (this.objective !== 'multi:softprob') return Array.from(m);
    let wmax = m[0];
    for (let i = 1; i < m.length; i++) wmax = Math.max(m[i], wmax);
    let wsum = 0;
    for (let i = 0; i < m.length; i++) {
      m[i] = Math.exp(Math.fround(m[i] - wmax));
      wsum += m[i];
    }
    const sum32 = Math.fround(wsum);
    for (let i = 0; i < m.length; i++) m[i] = m[i] / sum32;
    return Array.from(m);
  }
}

module.exports = XGBoostModel;
