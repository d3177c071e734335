/* Memory-bandwidth probe for the gallery benchmarks (built and run by compare.py).
 * Reads an N x D float32 matrix with AVX2 on one thread, two ways:
 *   sum  - adds every float (pure streaming read);
 *   scan - inner product of every row with a probe, keeping the best (what a flat index does).
 * Prints "sum_gbps=<x> scan_gbps=<y> scan_ms=<z>" using the best of several repetitions. */
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static float hsum(__m256 v) {
    __m128 lo = _mm256_castps256_ps128(v), hi = _mm256_extractf128_ps(v, 1);
    lo = _mm_add_ps(lo, hi);
    lo = _mm_add_ps(lo, _mm_movehl_ps(lo, lo));
    lo = _mm_add_ss(lo, _mm_shuffle_ps(lo, lo, 1));
    return _mm_cvtss_f32(lo);
}

int main(int argc, char **argv) {
    long n = argc > 1 ? atol(argv[1]) : 1000000;
    long d = argc > 2 ? atol(argv[2]) : 512;
    int reps = argc > 3 ? atoi(argv[3]) : 5;
    if (d % 32 != 0) { fprintf(stderr, "d must be a multiple of 32\n"); return 2; }
    size_t count = (size_t)n * d;
    float *m = aligned_alloc(64, count * sizeof(float));
    float *q = aligned_alloc(64, d * sizeof(float));
    if (!m || !q) { fprintf(stderr, "out of memory\n"); return 1; }
    for (size_t i = 0; i < count; i++) m[i] = (float)((i * 2654435761u) & 1023) / 1024.0f - 0.5f;
    for (long j = 0; j < d; j++) q[j] = 1.0f / (float)(j + 1);

    double best_sum = 1e30, best_scan = 1e30;
    volatile float sink = 0;
    for (int r = 0; r < reps; r++) {
        double t0 = now();
        __m256 a0 = _mm256_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
        for (size_t i = 0; i < count; i += 32) {
            a0 = _mm256_add_ps(a0, _mm256_load_ps(m + i));
            a1 = _mm256_add_ps(a1, _mm256_load_ps(m + i + 8));
            a2 = _mm256_add_ps(a2, _mm256_load_ps(m + i + 16));
            a3 = _mm256_add_ps(a3, _mm256_load_ps(m + i + 24));
        }
        sink += hsum(_mm256_add_ps(_mm256_add_ps(a0, a1), _mm256_add_ps(a2, a3)));
        double t1 = now();
        if (t1 - t0 < best_sum) best_sum = t1 - t0;

        t0 = now();
        float best = -1e30f;
        long best_row = -1;
        for (long row = 0; row < n; row++) {
            const float *p = m + (size_t)row * d;
            __m256 b0 = _mm256_setzero_ps(), b1 = b0, b2 = b0, b3 = b0;
            for (long j = 0; j < d; j += 32) {
                b0 = _mm256_fmadd_ps(_mm256_load_ps(p + j), _mm256_load_ps(q + j), b0);
                b1 = _mm256_fmadd_ps(_mm256_load_ps(p + j + 8), _mm256_load_ps(q + j + 8), b1);
                b2 = _mm256_fmadd_ps(_mm256_load_ps(p + j + 16), _mm256_load_ps(q + j + 16), b2);
                b3 = _mm256_fmadd_ps(_mm256_load_ps(p + j + 24), _mm256_load_ps(q + j + 24), b3);
            }
            float s = hsum(_mm256_add_ps(_mm256_add_ps(b0, b1), _mm256_add_ps(b2, b3)));
            if (s > best) { best = s; best_row = row; }
        }
        sink += best + (float)best_row;
        t1 = now();
        if (t1 - t0 < best_scan) best_scan = t1 - t0;
    }
    double bytes = (double)count * sizeof(float);
    printf("sum_gbps=%.2f scan_gbps=%.2f scan_ms=%.2f\n", bytes / best_sum / 1e9, bytes / best_scan / 1e9, best_scan * 1e3);
    free(m);
    free(q);
    return sink == 12345.678f ? 3 : 0;
}
