#pragma once
// Everything of the nn stage.
#include "nn/mlp.hpp"
#include "nn/model.hpp"
#include "nn/rng.hpp"
#include "nn/train.hpp"
