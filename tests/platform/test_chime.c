/*
 * test_chime.c: the overrun chime's samples (platform/chime): its length, that it never
 * goes above its volume, that each note starts and ends in silence (no clicks), and that
 * it is a tone, not silence.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include "platform/chime.h"

#include <math.h>

#define RATE 48000

static float samples[RATE];

static void test_length_volume_and_silent_edges(void **state)
{
    (void)state;
    size_t n = chime_render(samples, RATE, RATE);
    assert_int_equal(n, (size_t)RATE * CHIME_MS / 1000);
    float peak = 0;
    double energy = 0;
    for (size_t i = 0; i < n; i++) {
        peak = fmaxf(peak, fabsf(samples[i]));
        energy += samples[i] * samples[i];
    }
    assert_true(peak <= CHIME_VOLUME + 1e-6f);
    assert_true(peak > CHIME_VOLUME / 2); /* audible */
    assert_true(energy / (double)n > 1e-4);
    /* both notes start and end at (near) zero */
    size_t half = n / 2;
    size_t edges[4] = {0, half - 1, half, n - 1};
    for (int k = 0; k < 4; k++)
        assert_true(fabsf(samples[edges[k]]) < 0.01f);
}

static void test_short_buffer_is_respected(void **state)
{
    (void)state;
    samples[100] = 42.0f;
    assert_int_equal(chime_render(samples, 100, RATE), 100);
    assert_true(samples[100] == 42.0f);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_length_volume_and_silent_edges),
        cmocka_unit_test(test_short_buffer_is_respected),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
