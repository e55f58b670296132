/* partnerships.h - public-private partnerships (centres, field labs, school-company
 * and vo-ho networks): formation, companies joining, trust, phases, money and
 * activities (partnerships.c), and schools joining the networks
 * (partnerships_networks.c). The stores themselves are in economy.h. */
#ifndef EDUSIM_PARTNERSHIPS_H
#define EDUSIM_PARTNERSHIPS_H

#include <stdint.h>

#include "edusim/economy.h"
#include "edusim/pps.h"
#include "edusim/params.h"
#include "edusim/world.h"

/* The partnership phase of school year `year`, adding to tally [nregions][ES_N_TALLY]. */
es_status es_phase_partnerships(es_world *w, int year, int threads, int64_t *tally);
/* Secondary schools joining school-company networks; run after the partnerships,
 * whose company contact it adds to. */
es_status es_phase_networks(es_world *w, int64_t *tally);
/* Member companies a partnership of this kind can take (partnerships.capacity for
 * networks, partnerships.centre_capacity for centres and field labs). */
int es_pps_capacity(const es_pps_params *P, int kind);
/* Private share of partnership j's budget with private money priv, against the public
 * money it ran on while funded: the test for sustaining itself after funding ends. */
double es_pps_private_share(const es_params *q, const es_pps *p, int32_t j, double priv);

#endif
