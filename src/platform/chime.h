/*
 * chime.h: the soft two-note tone played when a drill phase runs over its time (if the
 * user turned it on in Settings). The samples are made by a pure function, so they are
 * tested without an audio device; playing them goes through SDL's audio queue.
 */
#ifndef ARCHDRILL_CHIME_H
#define ARCHDRILL_CHIME_H

#include <stddef.h>

#define CHIME_MS     420  /* the tone's length */
#define CHIME_VOLUME 0.2f /* its peak amplitude, of full scale */

/* Writes the chime as mono float samples at `rate` Hz into out (room for cap samples):
 * two notes a fifth apart, each with a short attack and a decay to silence, never above
 * CHIME_VOLUME. Returns how many samples were written (rate * CHIME_MS / 1000, or cap). */
size_t chime_render(float *out, size_t cap, int rate);

/* Plays the chime (an AppHost callback; user is unused). Opens the audio device on first
 * use; without audio it does nothing, and says so once on stderr. */
void chime_play(void *user);

#endif
