/* stats.h - small numerical helpers: logistic, probit, summary statistics. */
#ifndef EDUSIM_STATS_H
#define EDUSIM_STATS_H

#include <math.h>

static inline double es_logistic(double x) { return 1.0 / (1.0 + exp(-x)); }

/* Inverse of the standard normal CDF (P. J. Acklam's rational approximation,
 * relative error below 1.15e-9). p in (0,1); returns +-inf at the ends. */
double es_probit(double p);

#endif
