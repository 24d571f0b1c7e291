/*
 * test_backup.c: backups and restore (core/store_backup): Anki's thinning policy, the
 * 30-minute and "changed" rules of the automatic backup, restore with a safety copy, and
 * refusal of files that are not intact archdrill databases.
 */
#include "test_support.h"

#include "core/store.h"
#include "core/store_backup.h"

#include <dirent.h>

#define DAY 86400
#define NOW ((int64_t)20000 * DAY + 12 * 3600) /* 2024-10-04 12:00 UTC */

static char *dir;

static int setup(void **state)
{
    (void)state;
    dir = tmp_dir();
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    rm_rf(dir);
    free(dir);
    return 0;
}

static int count_kept(const bool *keep, size_t n)
{
    int k = 0;
    for (size_t i = 0; i < n; i++)
        k += keep[i];
    return k;
}

static void test_thin_keeps_recent_then_daily_weekly_monthly(void **state)
{
    (void)state;
    /* one backup every 6 hours for two years */
    size_t n = 2 * 365 * 4;
    int64_t *t = malloc(n * sizeof(*t));
    bool *keep = malloc(n * sizeof(*keep));
    for (size_t i = 0; i < n; i++)
        t[i] = NOW - (int64_t)i * 6 * 3600;
    BackupPolicy p = backup_policy_default();
    backup_thin(t, n, NOW, 0, &p, keep);
    /* today (3 so far: 12:00, 06:00, 00:00) and yesterday (4) are all kept */
    for (size_t i = 0; i < 7; i++)
        assert_true(keep[i]);
    /* the day before yesterday and older: only each day's newest (18:00) is kept */
    assert_true(keep[7]);
    assert_false(keep[8]);
    assert_false(keep[9]);
    assert_false(keep[10]);
    assert_true(keep[11]);
    assert_int_equal(count_kept(keep, n), 7 + 12 + 10 + 9);
    /* the 9 monthly backups reach back most of a year (a month boundary crossed during the
     * weekly span already counts as a monthly one, as in Anki) */
    int64_t oldest = NOW;
    for (size_t i = 0; i < n; i++)
        if (keep[i] && t[i] < oldest)
            oldest = t[i];
    assert_true(NOW - oldest > 240 * (int64_t)DAY);
    assert_true(NOW - oldest < 366 * (int64_t)DAY);
    free(t);
    free(keep);
}

static void test_thin_uses_local_days(void **state)
{
    (void)state;
    /* 23:30 and 00:30 local in UTC+2: different local days, both recent */
    int64_t midnight_local = NOW - 12 * 3600 - 2 * 3600; /* 00:00 local today */
    int64_t t[3] = {midnight_local - 3 * DAY + 1800, midnight_local - 3 * DAY - 1800,
                    midnight_local - 3 * DAY - 3600};
    bool keep[3];
    BackupPolicy p = backup_policy_default();
    backup_thin(t, 3, NOW, 2 * 3600, &p, keep);
    assert_true(keep[0]);  /* newest of its local day */
    assert_true(keep[1]);  /* newest of the previous local day */
    assert_false(keep[2]); /* same local day as keep[1], older */
}

static Store *make_store(const char *name)
{
    char *path = path_join(dir, name);
    Store *s = NULL;
    ErrInfo err;
    assert_int_equal(store_open(path, &s, &err), ERR_OK);
    free(path);
    return s;
}

static int count_files(const char *folder)
{
    DIR *d = opendir(folder);
    if (!d)
        return 0;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)))
        n += e->d_name[0] != '.';
    closedir(d);
    return n;
}

static void test_auto_backup_follows_interval_and_changes(void **state)
{
    (void)state;
    Store *s = make_store("a.db");
    char *backups = path_join(dir, "backups");
    BackupPolicy p = backup_policy_default();
    Buf made = {0};
    /* the first start always backs up */
    assert_int_equal(store_backup_auto(s, backups, NOW, 0, false, &p, &made), ERR_OK);
    assert_true(made.len > 0);
    assert_int_equal(count_files(backups), 1);
    /* changed, but only 10 minutes later: no */
    store_mark_changed(s, NOW + 300);
    assert_int_equal(store_backup_auto(s, backups, NOW + 600, 0, false, &p, &made), ERR_OK);
    assert_int_equal(made.len, 0);
    /* 31 minutes later and changed: yes */
    assert_int_equal(store_backup_auto(s, backups, NOW + 1860, 0, false, &p, &made), ERR_OK);
    assert_true(made.len > 0);
    /* a day later but nothing changed: no */
    assert_int_equal(store_backup_auto(s, backups, NOW + DAY, 0, false, &p, &made), ERR_OK);
    assert_int_equal(made.len, 0);
    /* forced: yes, even in the same second as another */
    assert_int_equal(store_backup_auto(s, backups, NOW + 1860, 0, true, &p, &made), ERR_OK);
    assert_true(made.len > 0);
    assert_int_equal(count_files(backups), 3);
    struct stat st;
    assert_int_equal(stat(buf_str(&made), &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    buf_free(&made);
    store_close(s);
    free(backups);
}

static void test_backup_and_restore_roundtrip(void **state)
{
    (void)state;
    Store *s = make_store("live.db");
    assert_int_equal(store_setting_set(s, "k", "before"), ERR_OK);
    char *copy = path_join(dir, "copy.db");
    assert_int_equal(store_backup_to(s, copy), ERR_OK);
    ErrInfo err;
    assert_int_equal(store_verify_file(copy, &err), ERR_OK);

    assert_int_equal(store_setting_set(s, "k", "after"), ERR_OK);
    char *backups = path_join(dir, "backups");
    Buf safety = {0};
    assert_int_equal(store_restore(s, copy, backups, NOW, &safety), ERR_OK);
    Buf v = {0};
    assert_int_equal(store_setting_get(s, "k", &v), ERR_OK);
    assert_string_equal(buf_str(&v), "before");
    /* the safety copy holds what was there before the restore */
    Store *saved = NULL;
    assert_int_equal(store_open(buf_str(&safety), &saved, &err), ERR_OK);
    assert_int_equal(store_setting_get(saved, "k", &v), ERR_OK);
    assert_string_equal(buf_str(&v), "after");
    store_close(saved);
    buf_free(&v);
    buf_free(&safety);
    store_close(s);
    free(copy);
    free(backups);
}

static void test_restore_refuses_bad_files(void **state)
{
    (void)state;
    Store *s = make_store("live.db");
    assert_int_equal(store_setting_set(s, "k", "keep me"), ERR_OK);
    char *backups = path_join(dir, "backups");
    char *junk = path_join(dir, "junk.db");
    write_file(junk, "not a database at all");
    Buf safety = {0};
    assert_int_equal(store_restore(s, junk, backups, NOW, &safety), ERR_CORRUPT);
    assert_non_null(strstr(store_errmsg(s), "nothing was changed"));

    /* a damaged copy of a real database */
    char *copy = path_join(dir, "copy.db");
    assert_int_equal(store_backup_to(s, copy), ERR_OK);
    size_t len;
    char *bytes = read_file(copy, &len);
    assert_true(len >= 8192);
    memset(bytes + 4096 + 8, 0x5A, 2000); /* scribble over page 2 */
    write_bytes(copy, bytes, len);
    free(bytes);
    assert_int_not_equal(store_restore(s, copy, backups, NOW, &safety), ERR_OK);
    assert_int_equal(count_files(backups), 0);
    Buf v = {0};
    assert_int_equal(store_setting_get(s, "k", &v), ERR_OK);
    assert_string_equal(buf_str(&v), "keep me");
    buf_free(&v);
    store_close(s);
    free(backups), free(junk), free(copy);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_thin_keeps_recent_then_daily_weekly_monthly),
        T(test_thin_uses_local_days),
        T(test_auto_backup_follows_interval_and_changes),
        T(test_backup_and_restore_roundtrip),
        T(test_restore_refuses_bad_files),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
