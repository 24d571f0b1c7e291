/*
 * test_fonts.c: every bundled font ships under the licence it declares. Each .ttf/.otf in
 * assets/fonts is read for its name table's copyright (name 0) and licence description
 * (name 13); the font's <Family>-LICENSE.txt beside it must hold that copyright statement
 * and the licence's full text (SIL OFL 1.1 is the only one accepted), not a pointer to a
 * file elsewhere such as /usr/share/common-licenses.
 */
#include "test_support.h"

#include "core/str.h"

#include <dirent.h>
#include <stdbool.h>

#ifndef FONTS_DIR
#define FONTS_DIR ARCHDRILL_SOURCE_DIR "/assets/fonts"
#endif

static bool quiet; /* problems the test expects are not printed */

/* ---- the sfnt name table ------------------------------------------------------------ */

static unsigned be16(const unsigned char *p)
{
    return (unsigned)p[0] << 8 | p[1];
}

static unsigned long be32(const unsigned char *p)
{
    return (unsigned long)p[0] << 24 | (unsigned long)p[1] << 16 | (unsigned long)p[2] << 8 | p[3];
}

/* Appends code point c as UTF-8. */
static void put_utf8(Buf *b, unsigned c)
{
    char s[3];
    if (c < 0x80) {
        s[0] = (char)c;
        buf_append(b, s, 1);
    } else if (c < 0x800) {
        s[0] = (char)(0xc0 | c >> 6);
        s[1] = (char)(0x80 | (c & 0x3f));
        buf_append(b, s, 2);
    } else {
        s[0] = (char)(0xe0 | c >> 12);
        s[1] = (char)(0x80 | ((c >> 6) & 0x3f));
        s[2] = (char)(0x80 | (c & 0x3f));
        buf_append(b, s, 3);
    }
}

/* Name `name_id` of a font file as UTF-8 into *out, from the Windows Unicode (3, 1)
 * record, else the Macintosh Roman one (ASCII only). Returns false when there is none. */
static bool font_name(const unsigned char *font, size_t n, unsigned name_id, Buf *out)
{
    buf_clear(out);
    if (n < 12)
        return false;
    unsigned tables = be16(font + 4);
    unsigned long name_off = 0, name_len = 0;
    for (unsigned i = 0; i < tables && 12 + 16 * (size_t)(i + 1) <= n; i++) {
        const unsigned char *rec = font + 12 + 16 * i;
        if (memcmp(rec, "name", 4) == 0) {
            name_off = be32(rec + 8);
            name_len = be32(rec + 12);
        }
    }
    if (!name_off || name_off + name_len > n || name_len < 6)
        return false;
    const unsigned char *t = font + name_off;
    unsigned count = be16(t + 2), storage = be16(t + 4);
    bool found_mac = false;
    for (int pass = 0; pass < 2; pass++)
        for (unsigned i = 0; i < count && 6 + 12 * (size_t)(i + 1) <= name_len; i++) {
            const unsigned char *r = t + 6 + 12 * i;
            unsigned platform = be16(r), encoding = be16(r + 2), id = be16(r + 6);
            unsigned len = be16(r + 8), off = be16(r + 10);
            if (id != name_id || storage + off + len > name_len)
                continue;
            const unsigned char *s = t + storage + off;
            if (pass == 0 && platform == 3 && encoding == 1) {
                for (unsigned k = 0; k + 1 < len; k += 2)
                    put_utf8(out, be16(s + k));
                return true;
            }
            if (pass == 1 && platform == 1 && encoding == 0 && !found_mac) {
                for (unsigned k = 0; k < len; k++)
                    put_utf8(out, s[k] < 0x80 ? s[k] : '?');
                found_mac = true;
            }
        }
    return found_mac;
}

static void complain(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void complain(const char *fmt, ...)
{
    if (quiet)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
}

/* ---- comparing texts ---------------------------------------------------------------- */

/* `text` with every run of white space made one space, and "(c)" and the copyright sign
 * dropped, so a statement matches however it was wrapped or written. */
static char *normalise(const char *text)
{
    Buf b = {0};
    bool space = true;
    for (const char *p = text; *p; p++) {
        if (strncmp(p, "\xc2\xa9", 2) == 0 || strncmp(p, "(c)", 3) == 0 ||
            strncmp(p, "(C)", 3) == 0) {
            p += *p == '(' ? 2 : 1;
            continue;
        }
        if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') {
            if (!space)
                buf_append(&b, " ", 1);
            space = true;
            continue;
        }
        buf_append(&b, p, 1);
        space = false;
    }
    char *s = strdup(buf_str(&b));
    size_t len = strlen(s);
    if (len && s[len - 1] == ' ')
        s[len - 1] = '\0';
    buf_free(&b);
    return s;
}

/* Passages from every part of the SIL Open Font License 1.1, start to end. */
static const char *const OFL_PASSAGES[] = {
    "SIL OPEN FONT LICENSE Version 1.1 - 26 February 2007",
    "PREAMBLE The goals of the Open Font License (OFL) are to stimulate worldwide development "
    "of collaborative font projects",
    "DEFINITIONS \"Font Software\" refers to the set of files released by the Copyright "
    "Holder(s) under this license and clearly marked as such.",
    "\"Author\" refers to any designer, engineer, programmer, technical writer or other person "
    "who contributed to the Font Software.",
    "PERMISSION & CONDITIONS Permission is hereby granted, free of charge,",
    "1) Neither the Font Software nor any of its individual components, in Original or "
    "Modified Versions, may be sold by itself.",
    "provided that each copy contains the above copyright notice and this license.",
    "3) No Modified Version of the Font Software may use the Reserved Font Name(s)",
    "4) The name(s) of the Copyright Holder(s) or the Author(s) of the Font Software shall not "
    "be used to promote, endorse or advertise any Modified Version,",
    "5) The Font Software, modified or unmodified, in part or in whole, must be distributed "
    "entirely under this license, and must not be distributed under any other license.",
    "TERMINATION This license becomes null and void if any of the above conditions are not "
    "met.",
    "DISCLAIMER THE FONT SOFTWARE IS PROVIDED \"AS IS\", WITHOUT WARRANTY OF ANY KIND,",
    "ARISING FROM, OUT OF THE USE OR INABILITY TO USE THE FONT SOFTWARE OR FROM OTHER DEALINGS "
    "IN THE FONT SOFTWARE.",
};

/* Checks one font file against the licence file beside it; prints each problem and
 * returns how many there were. */
static int check_font(const char *dir, const char *name)
{
    int problems = 0;
    char *font_path = path_join(dir, name);
    size_t n = 0;
    char *font = read_file(font_path, &n);
    Buf copyright = {0}, licence = {0};
    if (!font_name((const unsigned char *)font, n, 0, &copyright) ||
        !font_name((const unsigned char *)font, n, 13, &licence)) {
        complain("%s: no copyright or licence in its name table\n", name);
        problems++;
        goto done;
    }
    /* Family-Style.ext -> Family-LICENSE.txt */
    char lic_name[256];
    snprintf(lic_name, sizeof(lic_name), "%.*s-LICENSE.txt", (int)strcspn(name, "-."), name);
    char *lic_path = path_join(dir, lic_name);
    if (access(lic_path, R_OK) != 0) {
        complain("%s: no %s beside it\n", name, lic_name);
        problems++;
        free(lic_path);
        goto done;
    }
    char *text = read_file(lic_path, NULL);
    char *norm = normalise(text), *want = normalise(buf_str(&copyright));
    if (!strstr(norm, want)) {
        complain("%s: %s lacks the font's copyright statement \"%s\"\n", name, lic_name, want);
        problems++;
    }
    if (strstr(text, "/usr/share/common-licenses")) {
        complain("%s: %s points at a licence file that does not ship\n", name, lic_name);
        problems++;
    }
    if (strstr(buf_str(&licence), "SIL Open Font License, Version 1.1")) {
        for (size_t i = 0; i < sizeof(OFL_PASSAGES) / sizeof(OFL_PASSAGES[0]); i++)
            if (!strstr(norm, OFL_PASSAGES[i])) {
                complain("%s: %s lacks the OFL 1.1 passage \"%s\"\n", name, lic_name,
                         OFL_PASSAGES[i]);
                problems++;
            }
    } else {
        complain("%s: a licence this test does not know: \"%s\"\n", name, buf_str(&licence));
        problems++;
    }
    free(want);
    free(norm);
    free(text);
    free(lic_path);
done:
    buf_free(&copyright);
    buf_free(&licence);
    free(font);
    free(font_path);
    return problems;
}

/* Checks every font in dir; returns the number of problems, and of fonts in *fonts. */
static int check_dir(const char *dir, int *fonts)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int problems = 0;
    *fonts = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        if (str_ends_with(e->d_name, ".ttf") || str_ends_with(e->d_name, ".otf")) {
            problems += check_font(dir, e->d_name);
            (*fonts)++;
        }
    closedir(d);
    return problems;
}

static void test_bundled_fonts_carry_their_licence(void **state)
{
    (void)state;
    int fonts = 0;
    assert_int_equal(check_dir(FONTS_DIR, &fonts), 0);
    assert_true(fonts >= 4); /* Inter regular, bold, italic and JetBrains Mono */
}

/* The check itself: a Debian copyright stub that names another licence and points at
 * /usr/share/common-licenses for its text is refused. */
static void test_a_licence_stub_is_refused(void **state)
{
    (void)state;
    char *dir = tmp_dir();
    size_t n = 0;
    char *font = read_file(FONTS_DIR "/JetBrainsMono-Regular.ttf", &n);
    char *copy = path_join(dir, "JetBrainsMono-Regular.ttf");
    write_bytes(copy, font, n);
    int fonts = 0;
    quiet = true;
    assert_true(check_dir(dir, &fonts) > 0); /* no licence file */
    char *lic = path_join(dir, "JetBrainsMono-LICENSE.txt");
    write_file(lic, "Files: *\nCopyright: 2020 JetBrains s.r.o.\nLicense: Apache-2\n"
                    " On Debian systems, the full text of the Apache License, Version 2.0\n"
                    " can be found in the file `/usr/share/common-licenses/Apache-2.0'.\n");
    assert_true(check_dir(dir, &fonts) > 13);
    quiet = false;
    char *good = read_file(FONTS_DIR "/JetBrainsMono-LICENSE.txt", NULL);
    write_file(lic, good);
    assert_int_equal(check_dir(dir, &fonts), 0);
    assert_int_equal(fonts, 1);
    free(good);
    free(lic);
    free(copy);
    free(font);
    rm_rf(dir);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_bundled_fonts_carry_their_licence),
        cmocka_unit_test(test_a_licence_stub_is_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
