/* test-sms-gateway.c: the Twilio-shaped SMS gateway for the C tests (see the header). */
#include <signal.h>
#include <sys/prctl.h>

#include "test-sms-gateway.h"
#include "test-util.h"

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static gboolean
file_exists (gpointer path)
{
  return g_file_test (path, G_FILE_TEST_EXISTS);
}

static TestSmsGateway *
start_server (gboolean open)
{
  TestSmsGateway *server = g_new0 (TestSmsGateway, 1);
  g_autoptr (GError) error = NULL;
  g_autofree char *script =
    g_build_filename (g_getenv ("CLIENTELE_SOURCE_ROOT"), "tests", "sms-gateway-server.py", NULL);
  g_autofree char *port_file = NULL;
  g_autoptr (GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);

  server->dir = g_dir_make_tmp ("clientele-sms-XXXXXX", &error);
  g_assert_no_error (error);
  port_file = g_build_filename (server->dir, "port", NULL);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->process = g_subprocess_launcher_spawn (
    launcher, &error, "/usr/bin/python3", script, "--dir", server->dir, "--account",
    TEST_SMS_ACCOUNT, "--token", TEST_SMS_TOKEN, open ? "--open" : NULL, NULL);
  g_assert_no_error (error);
  g_assert_true (test_spin_until (file_exists, port_file));
  g_assert_true (g_file_get_contents (port_file, &server->port, NULL, NULL));
  return server;
}

TestSmsGateway *
test_sms_gateway_start (void)
{
  return start_server (FALSE);
}

TestSmsGateway *
test_sms_gateway_start_open (void)
{
  return start_server (TRUE);
}

void
test_sms_gateway_stop (TestSmsGateway *server)
{
  g_subprocess_send_signal (server->process, SIGTERM);
  g_subprocess_wait (server->process, NULL, NULL);
  g_object_unref (server->process);
  test_remove_tree (server->dir);
  g_free (server->dir);
  g_free (server->port);
  g_free (server);
}

void
test_sms_gateway_set_mode (TestSmsGateway *server, const char *mode)
{
  g_autofree char *path = g_build_filename (server->dir, "mode", NULL);

  g_assert_true (g_file_set_contents (path, mode, -1, NULL));
}

char *
test_sms_gateway_url (TestSmsGateway *server)
{
  return g_strdup_printf ("http://127.0.0.1:%s/2010-04-01/Accounts/{user}/Messages.json",
                          server->port);
}

char *
test_sms_gateway_received (TestSmsGateway *server)
{
  g_autofree char *path = g_build_filename (server->dir, "received", NULL);
  char *contents = NULL;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return g_strdup ("");
  return contents;
}

guint
test_sms_gateway_count_hung (TestSmsGateway *server)
{
  g_autofree char *path = g_build_filename (server->dir, "hung", NULL);
  g_autofree char *contents = NULL;
  guint n = 0;

  if (!g_file_get_contents (path, &contents, NULL, NULL))
    return 0;
  for (const char *p = contents; *p != '\0'; p++)
    n += *p == '\n';
  return n;
}
