/* test-smtp-server.c: the loopback SMTP server of the C tests (see
 * test-smtp-server.h). */
#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>

#include "test-smtp-server.h"
#include "test-util.h"

static gboolean
file_has_text (gpointer path)
{
  g_autofree char *contents = NULL;

  return g_file_get_contents (path, &contents, NULL, NULL) && *contents != '\0';
}

/* A test that fails aborts without its tear-down: the server goes with it,
 * rather than keep the test's output open until meson's timeout. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static TestSmtpServer *
start_server (const char *dir, const char *user, const char *password, const char *behaviour)
{
  TestSmtpServer *server = g_new0 (TestSmtpServer, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *script =
    g_build_filename (g_getenv ("CLIENTELE_SOURCE_ROOT"), "tests", "smtp-server.py", NULL);
  g_autofree char *port_file = g_build_filename (dir, "port", NULL);
  g_autoptr (GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_SILENCE);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  server->dir = g_strdup (dir);
  server->cert = g_build_filename (dir, "cert.pem", NULL);
  /* Without @user, the NULL in its place ends the arguments: no login. */
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawn (
    launcher, &error, "/usr/bin/python3", script, "--dir", dir, "--mode", "starttls",
    behaviour != NULL ? behaviour : "--mode=starttls", user != NULL ? "--user" : NULL, user,
    "--password", password, NULL);
  g_assert_no_error (error);
  g_assert_true (test_spin_until (file_has_text, port_file));
  g_assert_true (g_file_get_contents (port_file, &server->port, NULL, NULL));
  g_strstrip (server->port);
  return server;
}

TestSmtpServer *
test_smtp_server_start (const char *dir, const char *user, const char *password)
{
  return start_server (dir, user, password, NULL);
}

TestSmtpServer *
test_smtp_server_start_misbehaving (const char *dir, const char *behaviour)
{
  return start_server (dir, NULL, NULL, behaviour);
}

void
test_smtp_server_stop (TestSmtpServer *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->process);
  g_free (server->dir);
  g_free (server->port);
  g_free (server->cert);
  g_free (server);
}

static GDir *
open_new_mails (TestSmtpServer *server, char **path)
{
  *path = g_build_filename (server->dir, "maildir", "new", NULL);
  return g_dir_open (*path, 0, NULL);
}

guint
test_smtp_server_count_mails (TestSmtpServer *server)
{
  g_autofree char *path = NULL;
  g_autoptr (GDir) dir = open_new_mails (server, &path);
  guint n = 0;

  while (dir != NULL && g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

char *
test_smtp_server_first_mail (TestSmtpServer *server)
{
  g_autofree char *path = NULL;
  g_autoptr (GDir) dir = open_new_mails (server, &path);
  const char *name = dir != NULL ? g_dir_read_name (dir) : NULL;
  g_autofree char *file = name != NULL ? g_build_filename (path, name, NULL) : NULL;
  char *contents = NULL;

  if (file == NULL || !g_file_get_contents (file, &contents, NULL, NULL))
    return NULL;
  return contents;
}

void
test_smtp_server_configure (TestSmtpServer *server, ClienteleStore *store)
{
  test_set_setting (store, "smtp.host", "127.0.0.1");
  test_set_setting (store, "smtp.port", server->port);
  test_set_setting (store, "smtp.ca-file", server->cert);
  test_set_setting (store, "sender.address", "desk@studio.example");
  test_set_setting (store, "business.name", "Studio Nord");
}
