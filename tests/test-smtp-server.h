/* test-smtp-server.h: tests/smtp-server.py (a real mail server on loopback,
 * STARTTLS, no login) for the tests that send portal passwords: started in a
 * folder of the test's, the settings of a client file pointed at it, its
 * maildir counted. Static inline, so that each test executable that includes
 * it has its own copy without another source file in its build. */
#pragma once

#include <glib/gstdio.h>
#include <signal.h>

#include "clientele.h"
#include "test-util.h"

static inline void
test_set_setting (ClienteleStore *store, const char *key, const char *value)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (clientele_settings_set (store, key, value, &error));
  g_assert_no_error (error);
}

static inline gboolean
test_file_has_text (gpointer path)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && *contents != '\0';
}

/* Starts the server in @server_dir (created), once it listens. */
static inline GSubprocess *
test_smtp_server_start (const char *server_dir)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *script = g_build_filename (g_getenv ("CLIENTELE_SOURCE_ROOT"), "tests",
                                              "smtp-server.py", NULL);
  g_autofree char *port_file = g_build_filename (server_dir, "port", NULL);
  GSubprocess *server;

  g_assert_cmpint (g_mkdir_with_parents (server_dir, 0700), ==, 0);
  server = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE, &error, "/usr/bin/python3",
                             script, "--dir", server_dir, "--mode", "starttls", NULL);
  g_assert_no_error (error);
  g_assert_true (test_spin_until (test_file_has_text, port_file));
  return server;
}

/* The mail server and sender settings of @store: the server of @server_dir. */
static inline void
test_smtp_server_configure (ClienteleStore *store, const char *server_dir)
{
  g_autofree char *port_file = g_build_filename (server_dir, "port", NULL);
  g_autofree char *cert = g_build_filename (server_dir, "cert.pem", NULL);
  g_autofree char *port = NULL;

  g_assert_true (g_file_get_contents (port_file, &port, NULL, NULL));
  test_set_setting (store, "smtp.host", "127.0.0.1");
  test_set_setting (store, "smtp.port", g_strstrip (port));
  test_set_setting (store, "smtp.ca-file", cert);
  test_set_setting (store, "sender.address", "desk@studio.example");
  test_set_setting (store, "business.name", "Studio Nord");
}

/* Stops the server, if it still runs. */
static inline void
test_smtp_server_stop (GSubprocess **server)
{
  if (*server == NULL)
    return;
  g_subprocess_send_signal (*server, SIGTERM);
  g_subprocess_wait (*server, NULL, NULL);
  g_clear_object (server);
}

/* The messages the server received. */
static inline guint
test_smtp_server_count_mails (const char *server_dir)
{
  g_autofree char *new_dir = g_build_filename (server_dir, "maildir", "new", NULL);
  g_autoptr(GDir) dir = g_dir_open (new_dir, 0, NULL);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}
