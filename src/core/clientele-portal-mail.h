/* clientele-portal-mail.h: the emails that give a client portal credentials. */
#pragma once

#include "clientele-client.h"
#include "clientele-mail.h"
#include "clientele-portal.h"

G_BEGIN_DECLS

typedef struct
{
  const char *business; /* the business's name, as the client knows it */
  const char *sender_name;
  const char *sender_address;
  const char *login;
} ClientelePortalMailInfo;

/* The message to @client in the client's language (en, fr or de). With
 * @password NULL the password is replaced by a mark, which is the text kept
 * in the client's message history. */
ClienteleMailMessage *clientele_portal_mail_new (ClienteleClient *client,
                                                 ClientelePortalAction action,
                                                 const ClientelePortalMailInfo *info,
                                                 const char *password);

G_END_DECLS
