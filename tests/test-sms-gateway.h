/* test-sms-gateway.h: tests/sms-gateway-server.py (Twilio's request shape)
 * on loopback for the C tests, and what it received. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define TEST_SMS_ACCOUNT "AC0123456789abcdef"
#define TEST_SMS_TOKEN "twilio-token"

typedef struct
{
  char *dir;
  char *port;
  GSubprocess *process;
} TestSmsGateway;

/* Starts the server in a new scratch folder, waiting until it listens. */
TestSmsGateway *test_sms_gateway_start (void);
/* The same taking any account and token, or none (--open): for a gateway
 * set up with sms.auth "none", whose secret no keyring has to hold. */
TestSmsGateway *test_sms_gateway_start_open (void);
void test_sms_gateway_stop (TestSmsGateway *server);
/* How it answers from now on: "ok", "500", "429", "hang" or "refuse". */
void test_sms_gateway_set_mode (TestSmsGateway *server, const char *mode);
/* The URL template of its messages endpoint ({user} for the account). */
char *test_sms_gateway_url (TestSmsGateway *server);
/* What it received, one JSON object a line; "" when nothing. */
char *test_sms_gateway_received (TestSmsGateway *server);
/* How many requests it left unanswered in mode "hang". */
guint test_sms_gateway_count_hung (TestSmsGateway *server);

G_END_DECLS
