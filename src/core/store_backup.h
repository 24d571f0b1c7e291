/*
 * store_backup.h: automatic and manual backups with SQLite's online backup API, thinned
 * with Anki's policy, and restore. Backups are whole database files named
 * archdrill-YYYY-MM-DD-HH.MM.SS.db (UTC) in one folder.
 */
#ifndef ARCHDRILL_STORE_BACKUP_H
#define ARCHDRILL_STORE_BACKUP_H

#include "core/store.h"

#include <stdbool.h>
#include <stddef.h>

typedef struct BackupPolicy {
    int64_t min_interval_s; /* no automatic backup sooner than this after the last (1800) */
    int recent_days;        /* keep everything from today and the day before (2) */
    int daily;              /* then the newest backup of each of this many days (12) */
    int weekly;             /* ... weeks (10) */
    int monthly;            /* ... months (9) */
} BackupPolicy;

BackupPolicy backup_policy_default(void);

/* Decides which backups to keep: times_s[i] is backup i's time; keep[i] receives the
 * verdict. Local days start at midnight in the given UTC offset. Pure; any order. */
void backup_thin(const int64_t *times_s, size_t n, int64_t now_s, int tz_offset_s,
                 const BackupPolicy *policy, bool *keep);

/* Copies the open database, consistently even while in use, to `dest` (written to a
 * temporary name, then renamed; mode 0600). */
Err store_backup_to(Store *s, const char *dest);

/* The automatic backup: when `force`, or when the collection changed since the newest
 * backup in `dir` and policy->min_interval_s have passed, writes a new backup into `dir`
 * (created if needed) and thins the folder. The new file's path goes to *made (left
 * empty when no backup was due). */
Err store_backup_auto(Store *s, const char *dir, int64_t now_s, int tz_offset_s, bool force,
                      const BackupPolicy *policy, Buf *made);

/* Replaces the open database's contents with `file`, after checking that it is an intact
 * archdrill database this build can read, and after saving the current contents into
 * `backup_dir` (path in *safety_copy). Nothing is changed when the check fails. Reopen
 * the store afterwards: that migrates a restored older schema. */
Err store_restore(Store *s, const char *file, const char *backup_dir, int64_t now_s,
                  Buf *safety_copy);

/* Checks, read-only, that `file` is an intact archdrill database of a version this build
 * can read (header, application id, version, PRAGMA quick_check). */
Err store_verify_file(const char *file, ErrInfo *err);

#endif
