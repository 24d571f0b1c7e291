/*
 * chime.c: the overrun chime (chime.h). Two sine notes, E6 then A5, each shaped by a 5 ms
 * attack and an exponential decay, so the sound is noticed without startling anyone in
 * the middle of a mock interview.
 */
#include "platform/chime.h"

#include <SDL.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#define CHIME_RATE 48000
#define TWO_PI     6.283185307179586

size_t chime_render(float *out, size_t cap, int rate)
{
    static const double NOTES_HZ[2] = {1318.51, 880.0};
    size_t n = (size_t)rate * CHIME_MS / 1000;
    if (n > cap)
        n = cap;
    size_t half = n / 2;
    for (size_t i = 0; i < n; i++) {
        size_t note = i < half ? 0 : 1, j = i - note * half;
        double t = (double)j / rate, len = (double)(note ? n - half : half) / rate;
        double attack = fmin(1.0, t / 0.005);
        double release = fmin(1.0, (len - t) / 0.005); /* no click at the end of a note */
        double env = attack * release * exp(-5.0 * t / len);
        out[i] = (float)(CHIME_VOLUME * env * sin(TWO_PI * NOTES_HZ[note] * t));
    }
    return n;
}

void chime_play(void *user)
{
    (void)user;
    static SDL_AudioDeviceID dev;
    static bool failed;
    if (failed)
        return;
    if (!dev) {
        SDL_AudioSpec want = {
            .freq = CHIME_RATE, .format = AUDIO_F32SYS, .channels = 1, .samples = 1024};
        if (SDL_InitSubSystem(SDL_INIT_AUDIO) != 0 ||
            !(dev = SDL_OpenAudioDevice(NULL, 0, &want, NULL, 0))) {
            fprintf(stderr, "archdrill: no sound for the overrun chime: %s\n", SDL_GetError());
            failed = true;
            return;
        }
    }
    static float samples[CHIME_RATE * CHIME_MS / 1000];
    size_t n = chime_render(samples, sizeof(samples) / sizeof(samples[0]), CHIME_RATE);
    SDL_ClearQueuedAudio(dev); /* never two chimes on top of each other */
    SDL_QueueAudio(dev, samples, (Uint32)(n * sizeof(float)));
    SDL_PauseAudioDevice(dev, 0);
}
