/* test-mail.c: the RFC 5322 form of a message (headers, encoded words,
 * quoted-printable body, CRLF), the refusal of line breaks in headers and of
 * odd addresses, and a cancelled send; and what the user is told when a real
 * server on loopback misbehaves (silent after the final dot, refusing a
 * command for now or for good, offering no login). Delivery itself is tested
 * by test_portal.py and test-portal-section.c. */
#include <string.h>

#include "clientele.h"

#include "test-smtp-server.h"
#include "test-util.h"

static char *
render (ClienteleMailMessage *message)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = clientele_mail_message_to_bytes (message, &error);
  gsize length;
  const char *data;

  g_assert_no_error (error);
  data = g_bytes_get_data (bytes, &length);
  return g_strndup (data, length);
}

/* Every line ends with CRLF, none is longer than 998 octets. */
static void
assert_lines (const char *text)
{
  const char *line = text;

  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '\n')
        {
          g_assert_true (p > text && p[-1] == '\r');
          g_assert_cmpint (p - line, <=, 1000);
          line = p + 1;
        }
      else if (*p == '\r')
        g_assert_true (p[1] == '\n');
    }
  g_assert_true (g_str_has_suffix (text, "\r\n"));
}

/* Python's email module reads the message back: @field decoded. */
static char *
python_header (const char *text, const char *field)
{
  g_autoptr (GError) error = NULL;
  g_autoptr (GSubprocess) python = g_subprocess_new (
    G_SUBPROCESS_FLAGS_STDIN_PIPE | G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error, "/usr/bin/python3",
    "-c",
    "import sys, email, email.policy\n"
    "m = email.message_from_bytes(sys.stdin.buffer.read(), policy=email.policy.default)\n"
    "f = sys.argv[1]\n"
    "v = m.get_body(preferencelist=('plain',)).get_content() if f == 'body' else str(m[f])\n"
    "v = v.replace('\\r\\n', '\\n')\n"
    "sys.stdout.buffer.write(v.encode())\n",
    field, NULL);
  g_autoptr (GBytes) input = g_bytes_new (text, strlen (text));
  g_autoptr (GBytes) output = NULL;

  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate (python, input, NULL, &output, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (python));
  return g_strndup (g_bytes_get_data (output, NULL), g_bytes_get_size (output));
}

static void
test_ascii (void)
{
  g_autoptr (ClienteleMailMessage) message = clientele_mail_message_new (
    "Studio \"Nord\"", "desk@studio.example", "Bo Berg", "bo@example.co.uk", "Hello",
    "Line one\nLine two\n.hidden\n.\nlast");
  g_autofree char *text = render (message);

  assert_lines (text);
  g_assert_true (g_str_has_prefix (text, "Date: "));
  g_assert_nonnull (strstr (text, "\r\nMessage-ID: <"));
  g_assert_nonnull (strstr (text, "@studio.example>\r\n"));
  g_assert_nonnull (strstr (text, "\r\nFrom: \"Studio \\\"Nord\\\"\" <desk@studio.example>\r\n"));
  g_assert_nonnull (strstr (text, "\r\nTo: \"Bo Berg\" <bo@example.co.uk>\r\n"));
  g_assert_nonnull (strstr (text, "\r\nSubject: Hello\r\n"));
  g_assert_nonnull (strstr (text, "\r\nContent-Type: text/plain; charset=UTF-8\r\n"));
  /* Lines starting with a dot stay as they are: libcurl stuffs them on the wire. */
  g_assert_nonnull (strstr (text, "\r\n\r\nLine one\r\nLine two\r\n.hidden\r\n.\r\nlast\r\n"));
}

static void
test_unicode (void)
{
  g_autofree char *long_name = g_strnfill (120, 'x');
  g_autofree char *subject =
    g_strconcat ("Réinitialisation du mot de passe – Hélène ", long_name, NULL);
  g_autofree char *body = g_strconcat ("Bonjour Hélène,\n", long_name, " =fin \n", NULL);
  g_autoptr (ClienteleMailMessage) message = clientele_mail_message_new (
    "Salon Hélène", "desk@salon.example", "Zoë Ünal", "zoe@example.fr", subject, body);
  g_autofree char *text = render (message);
  g_autofree char *parsed_subject = python_header (text, "Subject");
  g_autofree char *parsed_from = python_header (text, "From");
  g_autofree char *parsed_to = python_header (text, "To");
  g_autofree char *parsed_body = python_header (text, "body");
  g_autofree char *expected_body = g_strconcat ("Bonjour Hélène,\n", long_name, " =fin \n", NULL);

  assert_lines (text);
  /* Nothing but ASCII goes on the wire. */
  for (const guchar *p = (const guchar *)text; *p != '\0'; p++)
    g_assert_cmpuint (*p, <, 0x80);
  g_assert_nonnull (strstr (text, "Subject: =?UTF-8?B?"));
  g_assert_cmpstr (parsed_subject, ==, subject);
  g_assert_cmpstr (parsed_from, ==, "Salon Hélène <desk@salon.example>");
  g_assert_cmpstr (parsed_to, ==, "Zoë Ünal <zoe@example.fr>");
  g_assert_cmpstr (parsed_body, ==, expected_body);
}

static void
assert_refused (
  const char *from_name, const char *to_name, const char *to, const char *subject, int code)
{
  g_autoptr (ClienteleMailMessage) message =
    clientele_mail_message_new (from_name, "desk@salon.example", to_name, to, subject, "body");
  g_autoptr (GError) error = NULL;
  g_autoptr (GBytes) bytes = clientele_mail_message_to_bytes (message, &error);

  g_assert_null (bytes);
  g_assert_error (error, CLIENTELE_ERROR, code);
}

static void
test_header_injection (void)
{
  assert_refused ("Salon", "Eve\r\nBcc: x@evil.test", "eve@example.com", "Hi",
                  CLIENTELE_ERROR_BAD_HEADER);
  assert_refused ("Salon", "Eve\nBcc: x@evil.test", "eve@example.com", "Hi",
                  CLIENTELE_ERROR_BAD_HEADER);
  assert_refused ("Salon\r", "Eve", "eve@example.com", "Hi", CLIENTELE_ERROR_BAD_HEADER);
  assert_refused ("Salon", "Eve", "eve@example.com", "Hi\nBcc: x@evil.test",
                  CLIENTELE_ERROR_BAD_HEADER);
  assert_refused ("Salon", "Eve", "eve@example.com\r\nRCPT TO:<x@evil.test>", "Hi",
                  CLIENTELE_ERROR_BAD_HEADER);
  assert_refused ("Salon", "Eve", "eve@example.com>, <x@evil.test", "Hi",
                  CLIENTELE_ERROR_SMTP_CONFIG);
  assert_refused ("Salon", "Eve", "not an address", "Hi", CLIENTELE_ERROR_SMTP_CONFIG);
  assert_refused ("Salon", "Eve", "", "Hi", CLIENTELE_ERROR_SMTP_CONFIG);
}

static void
test_addresses (void)
{
  g_assert_true (clientele_mail_address_is_valid ("helene.martin+rdv@example.fr"));
  g_assert_true (clientele_mail_address_is_valid ("a@localhost"));
  g_assert_false (clientele_mail_address_is_valid ("a@b"));
  g_assert_false (clientele_mail_address_is_valid ("@example.fr"));
  g_assert_false (clientele_mail_address_is_valid ("a@@example.fr"));
  g_assert_false (clientele_mail_address_is_valid ("a b@example.fr"));
  g_assert_false (clientele_mail_address_is_valid ("<a@example.fr>"));
  g_assert_false (clientele_mail_address_is_valid ("hélène@example.fr"));
}

/* Cancelled before it starts: no connection is even attempted (the port is
 * one nobody listens on, which would otherwise give a connection error). */
static void
test_cancelled (void)
{
  g_autoptr (ClienteleMailMessage) message =
    clientele_mail_message_new ("", "desk@salon.example", "", "eve@example.com", "Hi", "body");
  g_autoptr (GCancellable) cancellable = g_cancellable_new ();
  g_autoptr (GError) error = NULL;
  ClienteleSmtpConfig config = { .host = g_strdup ("127.0.0.1"),
                                 .port = 1,
                                 .password = g_strdup ("not-to-be-seen") };

  g_cancellable_cancel (cancellable);
  g_assert_false (clientele_smtp_send (&config, message, cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* Not cancelled: the closed port is reported, naming the server, and the
   * password appears in no message. */
  g_assert_false (clientele_smtp_send (&config, message, NULL, &error));
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONNECT);
  g_assert_nonnull (strstr (error->message, "127.0.0.1"));
  g_assert_null (strstr (error->message, "not-to-be-seen"));
  /* A translated sentence only: libcurl's English goes to the debug log. */
  g_assert_null (strstr (error->message, "Failed to connect"));
  g_assert_null (strstr (error->message, "port 1"));
  clientele_smtp_config_clear (&config);
  g_assert_null (config.password);
}

/* ---- A misbehaving server ---- */

typedef struct
{
  char *dir;
  TestSmtpServer *server;
  ClienteleSmtpConfig config;
} Misbehaving;

static void
misbehaving_start (Misbehaving *m, const char *behaviour)
{
  g_autoptr (GError) error = NULL;
  g_autofree char *server_dir = NULL;

  m->dir = g_dir_make_tmp ("clientele-mail-XXXXXX", &error);
  g_assert_no_error (error);
  server_dir = g_build_filename (m->dir, "server", NULL);
  m->server = test_smtp_server_start_misbehaving (server_dir, behaviour);
  m->config.host = g_strdup ("127.0.0.1");
  m->config.port = (guint)g_ascii_strtoull (m->server->port, NULL, 10);
  m->config.ca_file = g_strdup (m->server->cert);
  m->config.security = CLIENTELE_SMTP_STARTTLS;
}

static void
misbehaving_stop (Misbehaving *m)
{
  test_smtp_server_stop (m->server);
  clientele_smtp_config_clear (&m->config);
  test_remove_tree (m->dir);
  g_free (m->dir);
}

/* Sends one message through @m, which must fail; returns the error. */
static GError *
send_failing (Misbehaving *m)
{
  g_autoptr (ClienteleMailMessage) message = clientele_mail_message_new (
    "Studio", "desk@studio.example", "Eve", "eve@example.com", "Hi", "body");
  GError *error = NULL;

  g_assert_false (clientele_smtp_send (&m->config, message, NULL, &error));
  g_assert_nonnull (error);
  return error;
}

/* Silent after the final dot: the send gives up after the configured
 * timeout, including the wait for the answer to QUIT (120 s before). */
static void
test_server_hangs_after_data (void)
{
  Misbehaving m = { 0 };
  g_autoptr (GError) error = NULL;

  misbehaving_start (&m, "--hang-after-data");
  m.config.timeout = 2;
  error = send_failing (&m);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_CONNECT);
  g_assert_nonnull (strstr (error->message, "did not answer in time"));
  misbehaving_stop (&m);
}

/* MAIL 553, RCPT 451 / 550 and a 554 after the final dot: the server's own
 * answer, and "for now" (4xx) told from "for good" (5xx); never "could
 * not be reached", and nothing in the mailbox. */
static void
test_server_refuses (void)
{
  static const struct
  {
    const char *refusal;
    const char *answer;
    gboolean temporary;
  } cases[] = {
    { "--refuse=mail=553 5.7.1 Sender not allowed", "553 5.7.1 Sender not allowed", FALSE },
    { "--refuse=rcpt=451 4.7.1 Greylisted, try again later",
      "451 4.7.1 Greylisted, try again later", TRUE },
    { "--refuse=rcpt=550 5.1.1 No such user", "550 5.1.1 No such user", FALSE },
    { "--refuse=data=554 5.6.0 Message rejected", "554 5.6.0 Message rejected", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      Misbehaving m = { 0 };
      g_autoptr (GError) error = NULL;

      misbehaving_start (&m, cases[i].refusal);
      error = send_failing (&m);
      g_test_message ("%s: %s", cases[i].refusal, error->message);
      g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_REFUSED);
      g_assert_nonnull (strstr (error->message, cases[i].answer));
      g_assert_null (strstr (error->message, "could not be reached"));
      if (cases[i].temporary)
        g_assert_nonnull (strstr (error->message, "try again later"));
      else
        g_assert_nonnull (strstr (error->message, "check the sender and recipient"));
      g_assert_cmpuint (test_smtp_server_count_mails (m.server), ==, 0);
      misbehaving_stop (&m);
    }
}

/* What the server may have done with the message, for the portal's
 * pending passwords: refused at RCPT or at the final dot, surely not sent;
 * the whole message taken and the line dropped (or silent) before the
 * answer, maybe sent, and said so; accepted, sent. Fails before
 * clientele_smtp_send_full existed, and a drop was "could not be reached". */
static void
test_delivery (void)
{
  static const struct
  {
    const char *behaviour;
    ClienteleSmtpDelivery delivery;
    guint mails;
    const char *said;
  } cases[] = {
    { NULL, CLIENTELE_SMTP_SENT, 1, NULL },
    { "--refuse=rcpt=550 5.1.1 No such user", CLIENTELE_SMTP_NOT_SENT, 0, "550 5.1.1" },
    { "--refuse=data=451 4.3.0 Try later", CLIENTELE_SMTP_NOT_SENT, 0, "451 4.3.0" },
    { "--drop-after-data", CLIENTELE_SMTP_MAYBE_SENT, 1, "may have been sent" },
    { "--hang-after-data", CLIENTELE_SMTP_MAYBE_SENT, 0, "did not answer in time" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr (ClienteleMailMessage) message = clientele_mail_message_new (
        "Studio", "desk@studio.example", "Eve", "eve@example.com", "Hi", "body");
      ClienteleSmtpDelivery delivery = 99;
      Misbehaving m = { 0 };
      g_autoptr (GError) error = NULL;
      gboolean sent;

      misbehaving_start (&m, cases[i].behaviour);
      m.config.timeout = 2;
      sent = clientele_smtp_send_full (&m.config, message, NULL, &delivery, &error);
      g_test_message ("%s: %s", cases[i].behaviour, error != NULL ? error->message : "sent");
      g_assert_cmpint (delivery, ==, cases[i].delivery);
      g_assert_true (sent == (cases[i].said == NULL));
      if (cases[i].said != NULL)
        g_assert_nonnull (strstr (error->message, cases[i].said));
      else
        g_assert_no_error (error);
      g_assert_null (error != NULL ? strstr (error->message, "could not be reached") : NULL);
      g_assert_cmpuint (test_smtp_server_count_mails (m.server), ==, cases[i].mails);
      misbehaving_stop (&m);
    }
}

/* A username is set and the server offers no AUTH: refused before the
 * message goes (the mailbox stays empty). Without a username, the same
 * server takes it, so the refusal is the login's. */
static void
test_login_not_offered (void)
{
  g_autoptr (ClienteleMailMessage) message = clientele_mail_message_new (
    "Studio", "desk@studio.example", "Eve", "eve@example.com", "Hi", "body");
  Misbehaving m = { 0 };
  g_autoptr (GError) error = NULL;

  misbehaving_start (&m, "--no-auth-offered");
  m.config.username = g_strdup ("desk");
  m.config.password = g_strdup ("smtp-Secret-42");
  error = send_failing (&m);
  g_assert_error (error, CLIENTELE_ERROR, CLIENTELE_ERROR_SMTP_LOGIN);
  g_assert_null (strstr (error->message, "smtp-Secret-42"));
  g_assert_cmpuint (test_smtp_server_count_mails (m.server), ==, 0);

  g_clear_pointer (&m.config.username, g_free);
  g_assert_true (clientele_smtp_send (&m.config, message, NULL, NULL));
  g_assert_cmpuint (test_smtp_server_count_mails (m.server), ==, 1);
  misbehaving_stop (&m);
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/mail/ascii", test_ascii);
  g_test_add_func ("/mail/unicode", test_unicode);
  g_test_add_func ("/mail/header-injection", test_header_injection);
  g_test_add_func ("/mail/addresses", test_addresses);
  g_test_add_func ("/mail/cancelled", test_cancelled);
  g_test_add_func ("/mail/server-hangs-after-data", test_server_hangs_after_data);
  g_test_add_func ("/mail/delivery", test_delivery);
  g_test_add_func ("/mail/server-refuses", test_server_refuses);
  g_test_add_func ("/mail/login-not-offered", test_login_not_offered);
  return g_test_run ();
}
