/* clientele-store-portal.h: the store's part of the portal accounts, the SQL
 * behind clientele-portal.c (which keeps the rules: passwords, hashing,
 * lockout, what is sent). For clientele-portal.c only. */
#pragma once

#include "clientele-portal.h"

G_BEGIN_DECLS

/* What the login check reads of an account. */
typedef struct
{
  gint64 client_id;
  char *hash;
  guint failed_attempts;
  gint64 first_failure;
  gint64 locked_until;
  gboolean must_change;
  char *pending_hash; /* NULL: none (migration 7) */
} ClientelePortalLogin;

/* What was pending before a new password was stored as pending, to put
 * back if its mail surely did not go. */
typedef struct
{
  char *hash; /* NULL: nothing was pending */
  gint64 since;
  gboolean created; /* the account was made for this password */
} ClientelePortalPending;

/* What is kept of a message sent: its text without the password. */
typedef struct
{
  const char *kind; /* "portal-create" or "portal-reset" */
  const char *recipient;
  const char *subject;
  const char *body;
} ClientelePortalRecord;

/* The client's account; NULL without an error when it has none. */
ClientelePortalAccount *
_clientele_store_portal_get_account (ClienteleStore *self, gint64 client_id, GError **error);
/* Whether an account other than @client_id's has @login, whatever its case. */
gboolean _clientele_store_portal_login_taken (
  ClienteleStore *self, gint64 client_id, const char *login, gboolean *taken, GError **error);
/* CLIENTELE_ERROR_NOT_FOUND when the client has no account. */
gboolean _clientele_store_portal_set_login (ClienteleStore *self,
                                            gint64 client_id,
                                            const char *login,
                                            GError **error);
/* Stores @hash as the pending password, in its own committed transaction,
 * before its mail goes: for a new account (@create) a row whose only
 * password is the pending one, else beside the current one. @previous
 * (cleared with _clientele_store_portal_pending_clear) says what to put
 * back if the mail surely did not go. */
gboolean _clientele_store_portal_store_pending (ClienteleStore *self,
                                                gint64 client_id,
                                                const char *login,
                                                const char *hash,
                                                gboolean create,
                                                ClientelePortalPending *previous,
                                                GError **error);
void _clientele_store_portal_pending_clear (ClientelePortalPending *pending);
/* The following three settle @hash while it is still the pending one, in
 * one transaction that a cancellation does not interrupt. The server took
 * the mail: @hash becomes the current password (must change, failures
 * cleared), the old one stops working, and @record goes to the history. */
gboolean _clientele_store_portal_confirm_pending (ClienteleStore *self,
                                                  gint64 client_id,
                                                  const char *hash,
                                                  const ClientelePortalRecord *record,
                                                  GError **error);
/* The mail may have gone: @hash stays pending beside the current password,
 * the failures are cleared and @record goes to the history. */
gboolean _clientele_store_portal_keep_pending (ClienteleStore *self,
                                               gint64 client_id,
                                               const char *hash,
                                               const ClientelePortalRecord *record,
                                               GError **error);
/* The mail surely did not go: @previous is put back (an account made for
 * @hash is removed). */
gboolean _clientele_store_portal_drop_pending (ClienteleStore *self,
                                               gint64 client_id,
                                               const char *hash,
                                               const ClientelePortalPending *previous,
                                               GError **error);
/* *@found and @row (its hash to free with _clientele_store_portal_login_clear). */
gboolean _clientele_store_portal_find_login (ClienteleStore *self,
                                             const char *login,
                                             ClientelePortalLogin *row,
                                             gboolean *found,
                                             GError **error);
void _clientele_store_portal_login_clear (ClientelePortalLogin *row);
/* Counts an attempt at @login before its password is checked, in one short
 * write transaction (a locked or unknown login gets a comparable write):
 * *@found, @row as _clientele_store_portal_find_login, *@locked when the
 * account was locked before this attempt. */
gboolean _clientele_store_portal_reserve_attempt (ClienteleStore *self,
                                                  const char *login,
                                                  gint64 now,
                                                  ClientelePortalLogin *row,
                                                  gboolean *found,
                                                  gboolean *locked,
                                                  GError **error);
/* Rows written by logins so far in this process (for tests). */
guint _clientele_store_portal_rows_written (void);
/* Clears the failures; when @pending_matched (the pending hash the
 * password matched) is not NULL, makes it the current one; replaces the
 * hash given with @rehashed when that is not NULL. */
gboolean _clientele_store_portal_save_success (ClienteleStore *self,
                                               gint64 client_id,
                                               const char *pending_matched,
                                               const char *rehashed,
                                               GError **error);

G_END_DECLS
