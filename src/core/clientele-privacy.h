/* clientele-privacy.h: a client's rights over their data (GDPR Art. 15, 17,
 * 20) and how long the file keeps it.
 *
 * Forget erases a client's person and keeps the business's books: the
 * appointments and takings stay, under "Forgotten client #ID", so that the
 * statistics do not change. An export writes everything the file holds on a
 * client as JSON (for another program) and HTML (for the client to read, in
 * their language). A retention policy forgets the clients with no visit and
 * no contact for some years, never without a preview the user confirmed.
 * The SQL is in clientele-store-privacy.c.
 */
#pragma once

#include <gio/gio.h>

#include "clientele-store.h"
#include "clientele-store-privacy.h"

G_BEGIN_DECLS

/* ---- Forget ---- */

/* On the store's worker (clientele_store_run_job). The finish returns how
 * many were forgotten, -1 on error. */
void clientele_privacy_forget_async (ClienteleStore *store,
                                     const gint64 *ids,
                                     guint n_ids,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
gint64
clientele_privacy_forget_finish (ClienteleStore *store, GAsyncResult *result, GError **error);

/* ---- A client's data on request ---- */

/* Writes @dir/client-ID.json and @dir/client-ID.html (each replaced
 * atomically); *@json_path and *@html_path (nullable) get their paths. */
gboolean clientele_privacy_export (ClienteleStore *store,
                                   gint64 client_id,
                                   const char *dir,
                                   char **json_path,
                                   char **html_path,
                                   GError **error);
void clientele_privacy_export_async (ClienteleStore *store,
                                     gint64 client_id,
                                     const char *dir,
                                     GCancellable *cancellable,
                                     GAsyncReadyCallback callback,
                                     gpointer user_data);
/* Returns the HTML file's path, NULL on error. */
char *clientele_privacy_export_finish (ClienteleStore *store, GAsyncResult *result, GError **error);

/* The sections as JSON / as an HTML page in @language ("en", "fr", "de";
 * another is English). */
char *clientele_privacy_to_json (GPtrArray *sections, gint64 client_id, gint64 exported);
char *clientele_privacy_to_html (GPtrArray *sections, const char *language, gint64 exported);

/* ---- Retention ---- */

#define CLIENTELE_PRIVACY_RETENTION_DEFAULT_YEARS 3

/* The policy stored in the file: off unless the user turned it on. */
gboolean clientele_privacy_get_retention (ClienteleStore *store,
                                          gboolean *enabled,
                                          guint *years,
                                          GError **error);
gboolean clientele_privacy_set_retention (ClienteleStore *store,
                                          gboolean enabled,
                                          guint years,
                                          GError **error);
/* @now less @years years. */
gint64 clientele_privacy_retention_cutoff (guint years, gint64 now);
/* Who a policy of @years would forget now (ClientelePrivacyCandidate). */
GPtrArray *clientele_privacy_retention_preview (ClienteleStore *store, guint years, GError **error);
/* Forgets the clients of @preview (what the user saw and confirmed) that a
 * policy of @years still finds (one who came back since stays), never
 * others; returns how many, -1 on error. */
gint64 clientele_privacy_retention_apply (ClienteleStore *store,
                                          guint years,
                                          GPtrArray *preview,
                                          GError **error);

/* The same on the store's worker (a full read of the clients at a large
 * file). The preview's finish returns the candidates, NULL on error; the
 * apply's how many were forgotten, -1 on error. */
void clientele_privacy_retention_preview_async (ClienteleStore *store,
                                                guint years,
                                                GCancellable *cancellable,
                                                GAsyncReadyCallback callback,
                                                gpointer user_data);
GPtrArray *clientele_privacy_retention_preview_finish (ClienteleStore *store,
                                                       GAsyncResult *result,
                                                       GError **error);
void clientele_privacy_retention_apply_async (ClienteleStore *store,
                                              guint years,
                                              GPtrArray *preview,
                                              GCancellable *cancellable,
                                              GAsyncReadyCallback callback,
                                              gpointer user_data);
gint64 clientele_privacy_retention_apply_finish (ClienteleStore *store,
                                                 GAsyncResult *result,
                                                 GError **error);

/* ---- A signed form ---- */

/* Records the boxes ticked on client @client_id's signed privacy form
 * (@ticked: "birthday", "welcome", "promotions", "profiling"; "none" or
 * nothing for none): those are given, the others withdrawn, each change in
 * the consent history with the source "form" and today's date. */
gboolean clientele_privacy_record_form (ClienteleStore *store,
                                        gint64 client_id,
                                        const char *const *ticked,
                                        GError **error);

G_END_DECLS
