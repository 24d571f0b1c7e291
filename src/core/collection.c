/*
 * collection.c: where the database lives and what happens around opening it.
 */
#include "core/collection.h"

#include "core/files.h"
#include "core/store_backup.h"

#include <stdio.h>
#include <stdlib.h>

static char *join(const char *dir, const char *name)
{
    Buf b = {0};
    buf_printf(&b, "%s/%s", dir, name);
    return buf_take(&b);
}

Err collection_open(const char *data_dir, Collection **out, ErrInfo *err)
{
    *out = NULL;
    if (files_mkdir_p(data_dir, 0700)) {
        snprintf(err->file, sizeof(err->file), "%s", data_dir);
        snprintf(err->msg, sizeof(err->msg), "cannot create the data folder");
        err->line = err->col = 0;
        return ERR_IO;
    }
    Collection *c = xcalloc(1, sizeof(*c));
    c->data_dir = xstrdup(data_dir);
    c->db_path = join(data_dir, "archdrill.db");
    c->backup_dir = join(data_dir, "backups");
    Err e = store_open(c->db_path, &c->store, err);
    if (e) {
        collection_close(c);
        return e;
    }
    *out = c;
    return ERR_OK;
}

Err collection_sync(Collection *c, const char *shipped_decks, int64_t now_s, SyncReport *rep,
                    DeckErrors *errs)
{
    Err e = ERR_OK;
    if (shipped_decks) {
        e = store_sync_folder(c->store, shipped_decks, now_s, rep, errs);
        if (e != ERR_DB)
            e = ERR_OK;
    }
    char **folders = NULL;
    if (!e)
        e = store_folder_list(c->store, &folders);
    for (char **f = folders; !e && f && *f; f++) {
        e = store_sync_folder(c->store, *f, now_s, rep, errs);
        if (e != ERR_DB)
            e = ERR_OK; /* a missing folder is reported in errs, the rest still syncs */
    }
    store_strings_free(folders);
    return e;
}

Err collection_backup(Collection *c, int64_t now_s, int tz_offset_s, bool force, Buf *made)
{
    BackupPolicy policy = backup_policy_default();
    return store_backup_auto(c->store, c->backup_dir, now_s, tz_offset_s, force, &policy, made);
}

void collection_close(Collection *c)
{
    if (!c)
        return;
    store_close(c->store);
    free(c->data_dir);
    free(c->db_path);
    free(c->backup_dir);
    free(c);
}
