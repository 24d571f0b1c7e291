/*
 * store_backup.c: backups and restore. The backup API copies page by page under a read
 * transaction, so a backup is consistent even while the app writes. Thinning follows
 * Anki (rslib/src/collection/backup.rs): everything recent, then the newest backup of
 * each of the last N days, weeks and months.
 */
#define _XOPEN_SOURCE 700
#include "core/store_backup.h"

#include "core/day.h"
#include "core/files.h"
#include "core/store_internal.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define BACKUP_PREFIX "archdrill-"

BackupPolicy backup_policy_default(void)
{
    return (BackupPolicy){
        .min_interval_s = 30 * 60, .recent_days = 2, .daily = 12, .weekly = 10, .monthly = 9};
}

static int64_t floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

/* ---- thinning ---------------------------------------------------------------------- */

typedef struct Stamp {
    int64_t t;
    size_t index;
} Stamp;

static int newest_first(const void *a, const void *b)
{
    int64_t x = ((const Stamp *)a)->t, y = ((const Stamp *)b)->t;
    return (x < y) - (x > y);
}

void backup_thin(const int64_t *times_s, size_t n, int64_t now_s, int tz_offset_s,
                 const BackupPolicy *policy, bool *keep)
{
    Stamp *order = xmalloc(n * sizeof(*order));
    for (size_t i = 0; i < n; i++)
        order[i] = (Stamp){times_s[i], i};
    if (n)
        qsort(order, n, sizeof(*order), newest_first);
    int64_t today = floor_div(now_s + tz_offset_s, 86400);
    int daily = policy->daily, weekly = policy->weekly, monthly = policy->monthly;
    int64_t last_day = INT64_MAX, last_week = INT64_MAX, last_month = INT64_MAX;
    for (size_t k = 0; k < n; k++) {
        int64_t day = floor_div(order[k].t + tz_offset_s, 86400);
        int64_t week = floor_div(day + 3, 7); /* weeks start on Monday; 1970-01-01 was a Thursday */
        int y, m, d;
        day_civil(day, &y, &m, &d);
        int64_t month = (int64_t)y * 12 + m;
        bool kept = false;
        if (day > today - policy->recent_days) {
            kept = true;
        } else if (daily > 0 && day < last_day) {
            daily--, kept = true;
        } else if (weekly > 0 && week < last_week) {
            weekly--, kept = true;
        } else if (monthly > 0 && month < last_month) {
            monthly--, kept = true;
        }
        if (kept) {
            last_day = day < last_day ? day : last_day;
            last_week = week < last_week ? week : last_week;
            last_month = month < last_month ? month : last_month;
        }
        keep[order[k].index] = kept;
    }
    free(order);
}

/* ---- file names -------------------------------------------------------------------- */

static void backup_name(int64_t t, char *out, size_t cap)
{
    int64_t day = floor_div(t, 86400);
    int64_t secs = t - day * 86400;
    int y, m, d;
    day_civil(day, &y, &m, &d);
    snprintf(out, cap, BACKUP_PREFIX "%04d-%02d-%02d-%02d.%02d.%02d", y, m, d, (int)(secs / 3600),
             (int)(secs / 60 % 60), (int)(secs % 60));
}

/* Parses a backup file name back into its time; false for other files. */
static bool parse_backup_name(const char *name, int64_t *t)
{
    int y, mo, d, h, mi, s, used = 0;
    if (sscanf(name, BACKUP_PREFIX "%4d-%2d-%2d-%2d.%2d.%2d%n", &y, &mo, &d, &h, &mi, &s, &used) !=
        6)
        return false;
    if (!str_ends_with(name, ".db") || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
        s > 60)
        return false;
    *t = day_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s;
    return true;
}

typedef struct BackupFile {
    char *path;
    int64_t t;
} BackupFile;

static size_t list_backups(const char *dir, BackupFile **out)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0;
    struct dirent *ent;
    while ((ent = readdir(d)) != NULL) {
        int64_t t;
        if (!parse_backup_name(ent->d_name, &t))
            continue;
        *out = xrealloc(*out, (n + 1) * sizeof(**out));
        Buf p = {0};
        buf_printf(&p, "%s/%s", dir, ent->d_name);
        (*out)[n++] = (BackupFile){buf_take(&p), t};
    }
    closedir(d);
    return n;
}

static void free_backups(BackupFile *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(list[i].path);
    free(list);
}

/* ---- copying ----------------------------------------------------------------------- */

static Err copy_db(sqlite3 *from, sqlite3 *to, Store *s)
{
    sqlite3_backup *b = sqlite3_backup_init(to, "main", from, "main");
    if (!b)
        return store_fail(s, ERR_DB, "backup: %s", sqlite3_errmsg(to));
    int rc;
    do {
        rc = sqlite3_backup_step(b, 256);
        if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED)
            sqlite3_sleep(20);
    } while (rc == SQLITE_OK || rc == SQLITE_BUSY || rc == SQLITE_LOCKED);
    sqlite3_backup_finish(b);
    if (rc != SQLITE_DONE)
        return store_fail(s, ERR_DB, "backup: %s", sqlite3_errstr(rc));
    return ERR_OK;
}

Err store_backup_to(Store *s, const char *dest)
{
    Buf tmp = {0};
    buf_printf(&tmp, "%s.tmp", dest);
    unlink(tmp.data);
    sqlite3 *out = NULL;
    Err e = ERR_OK;
    if (sqlite3_open_v2(tmp.data, &out, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        e = store_fail(s, ERR_IO, "cannot create %s: %s", tmp.data,
                       out ? sqlite3_errmsg(out) : "out of memory");
        goto fail;
    }
    chmod(tmp.data, 0600);
    e = copy_db(s->db, out, s);
    if (!e && sqlite3_exec(out, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL) != SQLITE_OK)
        e = store_fail(s, ERR_DB, "backup: %s", sqlite3_errmsg(out));
    sqlite3_close(out);
    out = NULL;
    if (!e && rename(tmp.data, dest) != 0)
        e = store_fail(s, ERR_IO, "cannot rename %s to %s", tmp.data, dest);
fail:
    sqlite3_close(out);
    if (e)
        unlink(tmp.data);
    buf_free(&tmp);
    return e;
}

static Err thin_folder(Store *s, const char *dir, int64_t now_s, int tz_offset_s,
                       const BackupPolicy *policy)
{
    BackupFile *files = NULL;
    size_t n = list_backups(dir, &files);
    int64_t *times = xmalloc((n ? n : 1) * sizeof(*times));
    bool *keep = xmalloc((n ? n : 1) * sizeof(*keep));
    for (size_t i = 0; i < n; i++)
        times[i] = files[i].t;
    backup_thin(times, n, now_s, tz_offset_s, policy, keep);
    Err e = ERR_OK;
    for (size_t i = 0; i < n; i++)
        if (!keep[i] && unlink(files[i].path) != 0)
            e = store_fail(s, ERR_IO, "cannot remove old backup %s", files[i].path);
    free(times);
    free(keep);
    free_backups(files, n);
    return e;
}

/* Writes a new backup named after now_s (with a suffix if that name is taken). */
static Err write_new_backup(Store *s, const char *dir, int64_t now_s, const char *tag, Buf *made)
{
    char name[64];
    backup_name(now_s, name, sizeof(name));
    buf_clear(made);
    buf_printf(made, "%s/%s%s.db", dir, name, tag);
    for (int i = 2; files_is_file(buf_str(made)); i++) {
        buf_clear(made);
        buf_printf(made, "%s/%s%s-%d.db", dir, name, tag, i);
    }
    Err e = store_backup_to(s, buf_str(made));
    if (e)
        buf_clear(made);
    return e;
}

Err store_backup_auto(Store *s, const char *dir, int64_t now_s, int tz_offset_s, bool force,
                      const BackupPolicy *policy, Buf *made)
{
    buf_clear(made);
    if (files_mkdir_p(dir, 0700))
        return store_fail(s, ERR_IO, "cannot create the backup folder %s", dir);
    BackupFile *files = NULL;
    size_t n = list_backups(dir, &files);
    int64_t newest = 0;
    for (size_t i = 0; i < n; i++)
        newest = files[i].t > newest ? files[i].t : newest;
    free_backups(files, n);
    bool changed = store_last_change_s(s) >= newest;
    bool due = n == 0 || (changed && now_s - newest >= policy->min_interval_s);
    if (!force && !due)
        return ERR_OK;
    Err e = write_new_backup(s, dir, now_s, "", made);
    if (!e)
        e = thin_folder(s, dir, now_s, tz_offset_s, policy);
    return e;
}

/* ---- restore ----------------------------------------------------------------------- */

static Err verify(sqlite3 *db, const char *file, ErrInfo *err)
{
    sqlite3_stmt *st = NULL;
    int64_t app_id = -1, version = -1;
    const char *what = "";
    if (sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        app_id = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        version = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    if (app_id != STORE_APPLICATION_ID)
        what = "not an archdrill database";
    else if (version > STORE_SCHEMA_VERSION)
        what = "from a newer archdrill; use a newer version to open it";
    else if (sqlite3_prepare_v2(db, "PRAGMA quick_check", -1, &st, NULL) != SQLITE_OK ||
             sqlite3_step(st) != SQLITE_ROW ||
             strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0)
        what = "damaged (integrity check failed)";
    sqlite3_finalize(st);
    if (!what[0])
        return ERR_OK;
    snprintf(err->file, sizeof(err->file), "%s", file);
    snprintf(err->msg, sizeof(err->msg), "%s", what);
    return version > STORE_SCHEMA_VERSION ? ERR_SCHEMA : ERR_CORRUPT;
}

static Err open_verified(const char *file, sqlite3 **out, ErrInfo *err)
{
    memset(err, 0, sizeof(*err));
    *out = NULL;
    char header[16] = {0};
    FILE *f = fopen(file, "rb");
    size_t got = f ? fread(header, 1, sizeof(header), f) : 0;
    if (f)
        fclose(f);
    snprintf(err->file, sizeof(err->file), "%s", file);
    if (!f) {
        snprintf(err->msg, sizeof(err->msg), "cannot open the file");
        return ERR_IO;
    }
    if (got != sizeof(header) || memcmp(header, "SQLite format 3", 16) != 0) {
        snprintf(err->msg, sizeof(err->msg), "not an SQLite database");
        return ERR_CORRUPT;
    }
    if (sqlite3_open_v2(file, out, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK) {
        snprintf(err->msg, sizeof(err->msg), "cannot open: %s", sqlite3_errmsg(*out));
        sqlite3_close(*out);
        *out = NULL;
        return ERR_CORRUPT;
    }
    Err e = verify(*out, file, err);
    if (e) {
        sqlite3_close(*out);
        *out = NULL;
    }
    return e;
}

Err store_verify_file(const char *file, ErrInfo *err)
{
    sqlite3 *db = NULL;
    Err e = open_verified(file, &db, err);
    sqlite3_close(db);
    return e;
}

Err store_restore(Store *s, const char *file, const char *backup_dir, int64_t now_s,
                  Buf *safety_copy)
{
    buf_clear(safety_copy);
    sqlite3 *src = NULL;
    ErrInfo err;
    Err e = open_verified(file, &src, &err);
    if (e)
        return store_fail(s, e, "%s: %s; nothing was changed", err.file, err.msg);
    if (files_mkdir_p(backup_dir, 0700)) {
        e = store_fail(s, ERR_IO, "cannot create the backup folder %s", backup_dir);
        goto done;
    }
    e = write_new_backup(s, backup_dir, now_s, "-before-restore", safety_copy);
    if (e)
        goto done;
    e = copy_db(src, s->db, s);
done:
    sqlite3_close(src);
    return e;
}
