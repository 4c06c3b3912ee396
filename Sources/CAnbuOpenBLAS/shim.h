// The one place Anbu reaches C: OpenBLAS's CBLAS interface and LAPACKE.
// Only Sources/Anbu/LinearAlgebra imports this module, and only `internal`ly.
#ifndef CANBU_OPENBLAS_SHIM_H
#define CANBU_OPENBLAS_SHIM_H

#include <cblas.h>
#include <lapacke.h>

#endif
