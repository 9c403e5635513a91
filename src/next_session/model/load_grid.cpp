#include "next_session/model/load_grid.hpp"

#include <cmath>
#include <vector>

using exertrack::core::ingest::WeightUnit;
using exertrack::core::units::Equipment;
using exertrack::core::units::kg_to_unit;
using exertrack::core::units::unit_to_kg;

namespace exertrack::next_session::model {
namespace {

// A whole number of the unit's finest plate.
bool on_plates(double w, const ForecastModel& model, WeightUnit unit) {
  const std::vector<double>& plates = model.plates->of(unit).plates;
  if (plates.empty()) return false;
  const double k = w / plates.back();
  return std::abs(k - std::round(k)) < 1e-6;
}

}  // namespace

double tidy(double x) { return std::round(x * 1e6) / 1e6; }

LoadGrid::LoadGrid(double last_u, WeightUnit unit, Equipment equipment, const ForecastModel& model)
    : unit_(unit), grid_unit_(unit), base_(last_u), step_(model.steps.of(unit, equipment)),
      tolerance_(kg_to_unit(model.definition.weight_tolerance_kg, unit)) {
  if (!model.plates || model.plates->of(unit).plates.empty() || on_plates(last_u, model, unit)) return;
  const double nearest = tidy(std::round(last_u / step_) * step_);
  if (std::abs(nearest - last_u) <= tolerance_) {
    base_ = nearest;
    return;
  }
  const WeightUnit other = unit == WeightUnit::kg ? WeightUnit::lb : WeightUnit::kg;
  const double in_other = kg_to_unit(unit_to_kg(last_u, unit), other);
  if (on_plates(in_other, model, other)) {
    grid_unit_ = other;
    base_ = in_other;
    step_ = model.steps.of(other, equipment);
    tolerance_ = kg_to_unit(model.definition.weight_tolerance_kg, other);
    return;
  }
  base_ = std::round(last_u * 100) / 100;
  on_grid_ = false;
}

double LoadGrid::same() const { return to_unit(base_); }

double LoadGrid::snap(double x_u) const {
  const double x = from_unit(x_u);
  if (on_grid_) return to_unit(base_ + std::round((x - base_) / step_) * step_);
  if (std::abs(x - base_) <= tolerance_) return to_unit(base_);
  return to_unit(std::round(x / step_) * step_);
}

double LoadGrid::up() const {
  return to_unit(on_grid_ ? base_ + step_ : (std::floor((base_ + tolerance_) / step_) + 1) * step_);
}

double LoadGrid::down() const {
  return to_unit(on_grid_ ? base_ - step_ : (std::ceil((base_ - tolerance_) / step_) - 1) * step_);
}

double LoadGrid::to_unit(double g) const { return grid_unit_ == unit_ ? g : kg_to_unit(unit_to_kg(g, grid_unit_), unit_); }

double LoadGrid::from_unit(double u) const { return grid_unit_ == unit_ ? u : kg_to_unit(unit_to_kg(u, unit_), grid_unit_); }

}  // namespace exertrack::next_session::model
