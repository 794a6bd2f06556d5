/* test-smtp-server.h: a real SMTP server on loopback for the C tests
 * (tests/smtp-server.py: STARTTLS required, a self-signed certificate,
 * every message kept in a maildir), and the messages it received. */
#pragma once

#include <gio/gio.h>

#include "clientele.h"

G_BEGIN_DECLS

typedef struct
{
  char *dir; /* the server's folder: cert.pem, port, maildir/ */
  char *port; /* as text, for the settings */
  char *cert; /* the certificate to trust (smtp.ca-file) */
  GSubprocess *process;
} TestSmtpServer;

/* Starts the server in @dir (created), waiting until it listens; AUTH with
 * @user and @password required when @user is not NULL. */
TestSmtpServer *test_smtp_server_start (const char *dir, const char *user, const char *password);
/* The same without AUTH, misbehaving as @behaviour says: one option of
 * tests/smtp-server.py ("--hang-after-data", "--no-auth-offered",
 * "--refuse=rcpt=451 4.7.1 Try again later"). */
TestSmtpServer *test_smtp_server_start_misbehaving (const char *dir, const char *behaviour);
/* Stops it and frees @server (the folder stays, in the test's scratch). */
void test_smtp_server_stop (TestSmtpServer *server);
guint test_smtp_server_count_mails (TestSmtpServer *server);
/* The first message received, as received; NULL if none. */
char *test_smtp_server_first_mail (TestSmtpServer *server);

/* The mail server and sender settings of @store: @server, a sender and a
 * business name. */
void test_smtp_server_configure (TestSmtpServer *server, ClienteleStore *store);

G_END_DECLS
