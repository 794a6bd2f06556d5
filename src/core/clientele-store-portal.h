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
} ClientelePortalLogin;

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
/* The account (created, or its password replaced: must change, failures
 * cleared) and the message in the client's history, in one transaction that
 * a cancellation does not interrupt: it is called once the mail server
 * accepted the message, so the client already holds the password. */
gboolean _clientele_store_portal_save_credentials (ClienteleStore *self,
                                                   gint64 client_id,
                                                   const char *login,
                                                   const char *hash,
                                                   const ClientelePortalRecord *record,
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
/* Clears the failures; replaces the hash when @rehashed is not NULL. */
gboolean _clientele_store_portal_save_success (ClienteleStore *self,
                                               gint64 client_id,
                                               const char *rehashed,
                                               GError **error);

G_END_DECLS
