#pragma once
// Where a next-session target can land: the loadable weights around the
// last top weight, from the plates, steps and weight tolerance the model
// file records (the Node.js package reads the same: js/src/forecast/classes/load_grid.js).
#include "next_session/model/forecast_model.hpp"

namespace exertrack::next_session::model {

// Unit conversions leave 1e-12 noise; targets are shown and compared as
// written, rounded to 1e-6 of the unit.
[[nodiscard]] double tidy(double x);

// The grid around the last top weight L, in the lifter's unit. It is one
// unit's multiples of the equipment's step:
// 1. L on the finest plate of the model's plate set (22.5 kg dumbbells) is
//    loadable: steps go from it.
// 2. L within the labels' weight tolerance of the step grid is a unit
//    conversion's noise (64.86 kg, 374.79 lb): it moves onto the grid (65 kg,
//    375 lb), so "add weight" is a real step up.
// 3. L that is exactly a weight of the other unit's plates (63.502932 kg is
//    140 lb: a kg log of a gym in pounds) is loaded with those: the grid is
//    that unit's, and a step up is 145 lb, written 65.77 kg — 65 kg could not
//    be loaded there.
// 4. Any other L is a weight the lifter loads some other way: "the same
//    weight" stays it (to the hundredth) rather than a nudge up or down
//    under "increase reps", and a change of weight goes to the grid, the
//    lightest weight that counts as heavier by the labels' tolerance or the
//    heaviest that counts as lighter.
// The plates, steps and tolerance travel in the model file, so js/ lands
// alike; a model without plate sets keeps L as loadable.
class LoadGrid {
 public:
  LoadGrid(double last_u, core::ingest::WeightUnit unit, core::units::Equipment equipment, const ForecastModel& model);
  // The target for "the same weight".
  [[nodiscard]] double same() const;
  // The loadable weight nearest x (in the lifter's unit).
  [[nodiscard]] double snap(double x_u) const;
  // The next loadable weight up and down.
  [[nodiscard]] double up() const;
  [[nodiscard]] double down() const;

 private:
  [[nodiscard]] double to_unit(double g) const;
  [[nodiscard]] double from_unit(double u) const;

  core::ingest::WeightUnit unit_;
  core::ingest::WeightUnit grid_unit_;  // the unit whose plates load the weights
  double base_;                         // in grid_unit_
  double step_;
  double tolerance_;
  bool on_grid_ = true;  // false: case 4
};

}  // namespace exertrack::next_session::model
