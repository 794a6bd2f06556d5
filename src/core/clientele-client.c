/* clientele-client.c: a client as a GObject, its properties generated from the
 * field table so that every field is bindable without writing one accessor each. */
#include <glib/gi18n-lib.h>

#include "clientele-client.h"

typedef union
{
  char *text;
  gboolean flag;
  gint64 time;
} FieldValue;

struct _ClienteleClient
{
  GObject parent_instance;

  gint64 id;
  FieldValue values[CLIENTELE_N_FIELDS];

  /* Not fields: list state and values the store derives from appointments. */
  char *display_name;
  gint64 last_visit;
  gint64 next_appointment;
  guint flagged : 1;
  guint loaded : 1;
  guint shows_mobile : 1;
};

G_DEFINE_FINAL_TYPE (ClienteleClient, clientele_client, G_TYPE_OBJECT)

/* Property ids: PROP_ID, then one per field in table order, then the rest. */
enum {
  PROP_0,
  PROP_ID,
  PROP_FIRST_FIELD,
  PROP_DISPLAY_NAME = PROP_FIRST_FIELD + CLIENTELE_N_FIELDS,
  PROP_FLAGGED,
  PROP_LAST_VISIT,
  PROP_NEXT_APPOINTMENT,
  PROP_LOADED,
  PROP_CONTACT_PHONE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static ClienteleFieldKind
field_kind (ClienteleField field)
{
  return clientele_field_get_info (field)->kind;
}

static void
invalidate_display_name (ClienteleClient *self)
{
  g_clear_pointer (&self->display_name, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

static gboolean
is_name_field (ClienteleField field)
{
  return field == CLIENTELE_FIELD_FIRST_NAME || field == CLIENTELE_FIELD_LAST_NAME ||
         field == CLIENTELE_FIELD_REFERENCE;
}

static void
clientele_client_finalize (GObject *object)
{
  ClienteleClient *self = CLIENTELE_CLIENT (object);

  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    if (field_kind (i) == CLIENTELE_FIELD_KIND_TEXT)
      g_free (self->values[i].text);
  g_free (self->display_name);

  G_OBJECT_CLASS (clientele_client_parent_class)->finalize (object);
}

static void
clientele_client_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  ClienteleClient *self = CLIENTELE_CLIENT (object);

  if (prop_id >= PROP_FIRST_FIELD && prop_id < PROP_DISPLAY_NAME)
    {
      ClienteleField field = prop_id - PROP_FIRST_FIELD;

      switch (field_kind (field))
        {
        case CLIENTELE_FIELD_KIND_TEXT: g_value_set_string (value, self->values[field].text); break;
        case CLIENTELE_FIELD_KIND_FLAG:
          g_value_set_boolean (value, self->values[field].flag);
          break;
        case CLIENTELE_FIELD_KIND_TIME: g_value_set_int64 (value, self->values[field].time); break;
        default: g_assert_not_reached ();
        }
      return;
    }

  switch (prop_id)
    {
    case PROP_ID: g_value_set_int64 (value, self->id); break;
    case PROP_DISPLAY_NAME:
      g_value_set_string (value, clientele_client_get_display_name (self));
      break;
    case PROP_FLAGGED: g_value_set_boolean (value, self->flagged); break;
    case PROP_LAST_VISIT: g_value_set_int64 (value, self->last_visit); break;
    case PROP_NEXT_APPOINTMENT: g_value_set_int64 (value, self->next_appointment); break;
    case PROP_LOADED: g_value_set_boolean (value, self->loaded); break;
    case PROP_CONTACT_PHONE:
      g_value_set_string (value, clientele_client_get_contact_phone (self));
      break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
clientele_client_set_property (GObject *object,
                               guint prop_id,
                               const GValue *value,
                               GParamSpec *pspec)
{
  ClienteleClient *self = CLIENTELE_CLIENT (object);

  if (prop_id >= PROP_FIRST_FIELD && prop_id < PROP_DISPLAY_NAME)
    {
      ClienteleField field = prop_id - PROP_FIRST_FIELD;

      switch (field_kind (field))
        {
        case CLIENTELE_FIELD_KIND_TEXT:
          clientele_client_set_text (self, field, g_value_get_string (value));
          break;
        case CLIENTELE_FIELD_KIND_FLAG:
          clientele_client_set_flag (self, field, g_value_get_boolean (value));
          break;
        case CLIENTELE_FIELD_KIND_TIME:
          clientele_client_set_time (self, field, g_value_get_int64 (value));
          break;
        default: g_assert_not_reached ();
        }
      return;
    }

  switch (prop_id)
    {
    case PROP_ID: clientele_client_set_id (self, g_value_get_int64 (value)); break;
    case PROP_FLAGGED: clientele_client_set_flagged (self, g_value_get_boolean (value)); break;
    case PROP_LAST_VISIT: clientele_client_set_last_visit (self, g_value_get_int64 (value)); break;
    case PROP_NEXT_APPOINTMENT:
      clientele_client_set_next_appointment (self, g_value_get_int64 (value));
      break;
    case PROP_LOADED: clientele_client_set_loaded (self, g_value_get_boolean (value)); break;
    default: G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static GParamSpec *
field_param_spec (const ClienteleFieldInfo *info)
{
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  switch (info->kind)
    {
    case CLIENTELE_FIELD_KIND_TEXT:
      return g_param_spec_string (info->property, NULL, NULL, "", flags);
    case CLIENTELE_FIELD_KIND_FLAG:
      return g_param_spec_boolean (info->property, NULL, NULL, FALSE, flags);
    case CLIENTELE_FIELD_KIND_TIME:
      return g_param_spec_int64 (info->property, NULL, NULL, 0, G_MAXINT64, 0, flags);
    default: g_assert_not_reached ();
    }
}

static void
clientele_client_class_init (ClienteleClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags rw = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->finalize = clientele_client_finalize;
  object_class->get_property = clientele_client_get_property;
  object_class->set_property = clientele_client_set_property;

  properties[PROP_ID] = g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0, rw);
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    properties[PROP_FIRST_FIELD + i] = field_param_spec (clientele_field_get_info (i));
  properties[PROP_DISPLAY_NAME] = g_param_spec_string ("display-name", NULL, NULL, NULL,
                                                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  properties[PROP_FLAGGED] = g_param_spec_boolean ("flagged", NULL, NULL, FALSE, rw);
  properties[PROP_LAST_VISIT] = g_param_spec_int64 ("last-visit", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_NEXT_APPOINTMENT] =
    g_param_spec_int64 ("next-appointment", NULL, NULL, 0, G_MAXINT64, 0, rw);
  properties[PROP_LOADED] = g_param_spec_boolean ("loaded", NULL, NULL, FALSE, rw);
  properties[PROP_CONTACT_PHONE] = g_param_spec_string ("contact-phone", NULL, NULL, NULL,
                                                        G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
clientele_client_init (ClienteleClient *self)
{
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    if (field_kind (i) == CLIENTELE_FIELD_KIND_TEXT)
      self->values[i].text = g_strdup ("");
  /* New clients write in the user's language and hear by SMS unless told otherwise. */
  g_free (self->values[CLIENTELE_FIELD_LANGUAGE].text);
  self->values[CLIENTELE_FIELD_LANGUAGE].text = g_strdup ("en");
  g_free (self->values[CLIENTELE_FIELD_MESSAGE_CHANNEL].text);
  self->values[CLIENTELE_FIELD_MESSAGE_CHANNEL].text = g_strdup ("sms");
  self->loaded = TRUE;
}

ClienteleClient *
clientele_client_new (void)
{
  return g_object_new (CLIENTELE_TYPE_CLIENT, NULL);
}

ClienteleClient *
clientele_client_copy (ClienteleClient *self)
{
  ClienteleClient *copy;

  g_return_val_if_fail (CLIENTELE_IS_CLIENT (self), NULL);

  copy = clientele_client_new ();
  clientele_client_assign (copy, self);
  return copy;
}

void
clientele_client_assign (ClienteleClient *self, ClienteleClient *other)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT (self));
  g_return_if_fail (CLIENTELE_IS_CLIENT (other));

  /* Freeze so that bound widgets see one consistent update, not 30. */
  g_object_freeze_notify (G_OBJECT (self));
  clientele_client_set_id (self, other->id);
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    {
      switch (field_kind (i))
        {
        case CLIENTELE_FIELD_KIND_TEXT:
          clientele_client_set_text (self, i, other->values[i].text);
          break;
        case CLIENTELE_FIELD_KIND_FLAG:
          clientele_client_set_flag (self, i, other->values[i].flag);
          break;
        case CLIENTELE_FIELD_KIND_TIME:
          clientele_client_set_time (self, i, other->values[i].time);
          break;
        default: g_assert_not_reached ();
        }
    }
  clientele_client_set_flagged (self, other->flagged);
  clientele_client_set_last_visit (self, other->last_visit);
  clientele_client_set_next_appointment (self, other->next_appointment);
  clientele_client_set_loaded (self, other->loaded);
  clientele_client_set_shows_mobile (self, other->shows_mobile);
  g_object_thaw_notify (G_OBJECT (self));
}

gboolean
clientele_client_equal_fields (ClienteleClient *a, ClienteleClient *b)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (a), FALSE);
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (b), FALSE);

  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    {
      switch (field_kind (i))
        {
        case CLIENTELE_FIELD_KIND_TEXT:
          if (g_strcmp0 (a->values[i].text, b->values[i].text) != 0)
            return FALSE;
          break;
        case CLIENTELE_FIELD_KIND_FLAG:
          if (!a->values[i].flag != !b->values[i].flag)
            return FALSE;
          break;
        case CLIENTELE_FIELD_KIND_TIME:
          if (a->values[i].time != b->values[i].time)
            return FALSE;
          break;
        default: g_assert_not_reached ();
        }
    }
  return TRUE;
}

gint64
clientele_client_get_id (ClienteleClient *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (self), 0);
  return self->id;
}

void
clientele_client_set_id (ClienteleClient *self, gint64 id)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT (self));

  if (self->id == id)
    return;
  self->id = id;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ID]);
}

const char *
clientele_client_get_text (ClienteleClient *self, ClienteleField field)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (self), NULL);
  g_return_val_if_fail (field_kind (field) == CLIENTELE_FIELD_KIND_TEXT, NULL);
  return self->values[field].text;
}

void
clientele_client_set_text (ClienteleClient *self, ClienteleField field, const char *value)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT (self));
  g_return_if_fail (field_kind (field) == CLIENTELE_FIELD_KIND_TEXT);

  if (value == NULL)
    value = "";
  if (g_strcmp0 (self->values[field].text, value) == 0)
    return;
  g_free (self->values[field].text);
  self->values[field].text = g_strdup (value);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_FIELD + field]);
  if (is_name_field (field))
    invalidate_display_name (self);
  if (field == CLIENTELE_FIELD_PHONE || field == CLIENTELE_FIELD_MOBILE)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_PHONE]);
}

gboolean
clientele_client_get_flag (ClienteleClient *self, ClienteleField field)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (self), FALSE);
  g_return_val_if_fail (field_kind (field) == CLIENTELE_FIELD_KIND_FLAG, FALSE);
  return self->values[field].flag;
}

void
clientele_client_set_flag (ClienteleClient *self, ClienteleField field, gboolean value)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT (self));
  g_return_if_fail (field_kind (field) == CLIENTELE_FIELD_KIND_FLAG);

  value = !!value;
  if (self->values[field].flag == value)
    return;
  self->values[field].flag = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_FIELD + field]);
}

gint64
clientele_client_get_time (ClienteleClient *self, ClienteleField field)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (self), 0);
  g_return_val_if_fail (field_kind (field) == CLIENTELE_FIELD_KIND_TIME, 0);
  return self->values[field].time;
}

void
clientele_client_set_time (ClienteleClient *self, ClienteleField field, gint64 value)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT (self));
  g_return_if_fail (field_kind (field) == CLIENTELE_FIELD_KIND_TIME);

  if (self->values[field].time == value)
    return;
  self->values[field].time = value;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FIRST_FIELD + field]);
}

const char *
clientele_client_get_display_name (ClienteleClient *self)
{
  const char *first, *last;

  g_return_val_if_fail (CLIENTELE_IS_CLIENT (self), NULL);

  if (self->display_name != NULL)
    return self->display_name;

  first = self->values[CLIENTELE_FIELD_FIRST_NAME].text;
  last = self->values[CLIENTELE_FIELD_LAST_NAME].text;
  if (*first != '\0' && *last != '\0')
    self->display_name = g_strdup_printf ("%s %s", first, last);
  else if (*first != '\0' || *last != '\0')
    self->display_name = g_strdup (*first != '\0' ? first : last);
  else if (*self->values[CLIENTELE_FIELD_REFERENCE].text != '\0')
    self->display_name = g_strdup (self->values[CLIENTELE_FIELD_REFERENCE].text);
  else if (!self->loaded)
    self->display_name = g_strdup ("");
  else
    self->display_name = g_strdup (_ ("(no name)"));

  return self->display_name;
}

gboolean
clientele_client_get_flagged (ClienteleClient *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (self), FALSE);
  return self->flagged;
}

void
clientele_client_set_flagged (ClienteleClient *self, gboolean flagged)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT (self));

  flagged = !!flagged;
  if (self->flagged == (guint)flagged)
    return;
  self->flagged = flagged;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FLAGGED]);
}

gint64
clientele_client_get_last_visit (ClienteleClient *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (self), 0);
  return self->last_visit;
}

void
clientele_client_set_last_visit (ClienteleClient *self, gint64 when)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT (self));

  if (self->last_visit == when)
    return;
  self->last_visit = when;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_VISIT]);
}

gint64
clientele_client_get_next_appointment (ClienteleClient *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (self), 0);
  return self->next_appointment;
}

void
clientele_client_set_next_appointment (ClienteleClient *self, gint64 when)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT (self));

  if (self->next_appointment == when)
    return;
  self->next_appointment = when;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_NEXT_APPOINTMENT]);
}

gboolean
clientele_client_get_loaded (ClienteleClient *self)
{
  g_return_val_if_fail (CLIENTELE_IS_CLIENT (self), FALSE);
  return self->loaded;
}

void
clientele_client_set_loaded (ClienteleClient *self, gboolean loaded)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT (self));

  loaded = !!loaded;
  if (self->loaded == (guint)loaded)
    return;
  self->loaded = loaded;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADED]);
  /* A placeholder shows no "(no name)" while it waits for its page. */
  invalidate_display_name (self);
}

const char *
clientele_client_get_contact_phone (ClienteleClient *self)
{
  const char *phone;

  g_return_val_if_fail (CLIENTELE_IS_CLIENT (self), NULL);

  phone = self->values[CLIENTELE_FIELD_PHONE].text;
  if (self->shows_mobile && *self->values[CLIENTELE_FIELD_MOBILE].text != '\0')
    return self->values[CLIENTELE_FIELD_MOBILE].text;
  return *phone != '\0' ? phone : self->values[CLIENTELE_FIELD_MOBILE].text;
}

void
clientele_client_set_shows_mobile (ClienteleClient *self, gboolean shows_mobile)
{
  g_return_if_fail (CLIENTELE_IS_CLIENT (self));

  shows_mobile = !!shows_mobile;
  if (self->shows_mobile == (guint)shows_mobile)
    return;
  self->shows_mobile = shows_mobile;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CONTACT_PHONE]);
}
