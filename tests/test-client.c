/* test-client.c: the client object: field properties, copy/assign, display name. */
#include <glib/gi18n-lib.h>

#include "clientele.h"

static void
count_notify (GObject *object, GParamSpec *pspec, gpointer user_data)
{
  GPtrArray *names = user_data;

  g_ptr_array_add (names, g_strdup (pspec->name));
}

static void
test_defaults (void)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();

  g_assert_cmpint (clientele_client_get_id (client), ==, 0);
  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    if (clientele_field_get_info (i)->kind == CLIENTELE_FIELD_KIND_TEXT)
      g_assert_nonnull (clientele_client_get_text (client, i));
  g_assert_cmpstr (clientele_client_get_text (client, CLIENTELE_FIELD_LANGUAGE), ==, "en");
  g_assert_cmpstr (clientele_client_get_text (client, CLIENTELE_FIELD_MESSAGE_CHANNEL), ==, "sms");
  g_assert_true (clientele_client_get_loaded (client));
  g_assert_cmpstr (clientele_client_get_display_name (client), ==, "(no name)");
}

static void
test_every_field_is_a_property (void)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();

  for (guint i = 0; i < CLIENTELE_N_FIELDS; i++)
    {
      const ClienteleFieldInfo *info = clientele_field_get_info (i);
      GParamSpec *pspec =
        g_object_class_find_property (G_OBJECT_GET_CLASS (client), info->property);

      g_assert_nonnull (pspec);
      g_assert_cmpint (info->field, ==, i);
      if (info->changed != (ClienteleField)-1)
        g_assert_cmpint (clientele_field_get_info (info->changed)->kind, ==,
                         CLIENTELE_FIELD_KIND_TIME);
    }

  g_object_set (client, "first-name", "Hélène", "consent-promotions", TRUE, "created",
                (gint64)1700000000, NULL);
  g_assert_cmpstr (clientele_client_get_text (client, CLIENTELE_FIELD_FIRST_NAME), ==, "Hélène");
  g_assert_true (clientele_client_get_flag (client, CLIENTELE_FIELD_CONSENT_PROMOTIONS));
  g_assert_cmpint (clientele_client_get_time (client, CLIENTELE_FIELD_CREATED), ==, 1700000000);
}

static void
test_display_name (void)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (GPtrArray) notified = g_ptr_array_new_with_free_func (g_free);

  g_signal_connect (client, "notify", G_CALLBACK (count_notify), notified);
  clientele_client_set_text (client, CLIENTELE_FIELD_REFERENCE, "C-42");
  g_assert_cmpstr (clientele_client_get_display_name (client), ==, "C-42");
  clientele_client_set_text (client, CLIENTELE_FIELD_LAST_NAME, "Martin");
  g_assert_cmpstr (clientele_client_get_display_name (client), ==, "Martin");
  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, "Hélène");
  g_assert_cmpstr (clientele_client_get_display_name (client), ==, "Hélène Martin");
  g_assert_true (g_ptr_array_find_with_equal_func (notified, "display-name", g_str_equal, NULL));

  /* Setting the same value again notifies nothing. */
  g_ptr_array_set_size (notified, 0);
  clientele_client_set_text (client, CLIENTELE_FIELD_FIRST_NAME, "Hélène");
  g_assert_cmpuint (notified->len, ==, 0);
}

static void
test_copy_assign_equal (void)
{
  g_autoptr (ClienteleClient) client = clientele_client_new ();
  g_autoptr (ClienteleClient) copy = NULL;
  g_autoptr (ClienteleClient) placeholder = clientele_client_new ();
  g_autoptr (GPtrArray) notified = g_ptr_array_new_with_free_func (g_free);

  clientele_client_set_id (client, 7);
  clientele_client_set_text (client, CLIENTELE_FIELD_EMAIL, "a@example.com");
  clientele_client_set_flag (client, CLIENTELE_FIELD_PREVENT_ONLINE_BOOKING, TRUE);
  clientele_client_set_flagged (client, TRUE);
  clientele_client_set_last_visit (client, 1000);

  copy = clientele_client_copy (client);
  g_assert_true (clientele_client_equal_fields (client, copy));
  g_assert_cmpint (clientele_client_get_id (copy), ==, 7);
  g_assert_true (clientele_client_get_flagged (copy));
  g_assert_cmpint (clientele_client_get_last_visit (copy), ==, 1000);

  clientele_client_set_text (copy, CLIENTELE_FIELD_EMAIL, "b@example.com");
  g_assert_false (clientele_client_equal_fields (client, copy));
  g_assert_cmpstr (clientele_client_get_text (client, CLIENTELE_FIELD_EMAIL), ==, "a@example.com");

  clientele_client_set_loaded (placeholder, FALSE);
  g_assert_cmpstr (clientele_client_get_display_name (placeholder), ==, "");
  g_signal_connect (placeholder, "notify", G_CALLBACK (count_notify), notified);
  clientele_client_assign (placeholder, client);
  g_assert_true (clientele_client_get_loaded (placeholder));
  g_assert_true (clientele_client_equal_fields (placeholder, client));
  g_assert_true (g_ptr_array_find_with_equal_func (notified, "email", g_str_equal, NULL));
  g_assert_true (g_ptr_array_find_with_equal_func (notified, "loaded", g_str_equal, NULL));
}

static void
test_csv_names (void)
{
  g_assert_cmpint (clientele_field_from_csv_name ("ref"), ==, CLIENTELE_FIELD_REFERENCE);
  g_assert_cmpint (clientele_field_from_csv_name ("Birth_Date"), ==, CLIENTELE_FIELD_BIRTH_DATE);
  g_assert_cmpint (clientele_field_from_csv_name ("created"), ==, -1);
  g_assert_cmpint (clientele_field_from_csv_name ("shoe_size"), ==, -1);
}

static void
test_appointment (void)
{
  g_autoptr (ClienteleAppointment) appointment = clientele_appointment_new ();
  g_autoptr (ClienteleAppointment) copy = NULL;
  ClienteleAppointmentStatus status;

  g_assert_cmpint (clientele_appointment_get_status (appointment), ==,
                   CLIENTELE_APPOINTMENT_BOOKED);
  clientele_appointment_set_service (appointment, "Coupe « femme »");
  clientele_appointment_set_price_cents (appointment, 4550);
  clientele_appointment_set_status (appointment, CLIENTELE_APPOINTMENT_NO_SHOW);
  copy = clientele_appointment_copy (appointment);
  g_assert_cmpstr (clientele_appointment_get_service (copy), ==, "Coupe « femme »");
  g_assert_cmpint (clientele_appointment_get_price_cents (copy), ==, 4550);
  g_assert_cmpint (clientele_appointment_get_status (copy), ==, CLIENTELE_APPOINTMENT_NO_SHOW);

  g_assert_cmpstr (clientele_appointment_status_to_string (CLIENTELE_APPOINTMENT_NO_SHOW), ==,
                   "no-show");
  g_assert_true (clientele_appointment_status_from_string ("cancelled", &status));
  g_assert_cmpint (status, ==, CLIENTELE_APPOINTMENT_CANCELLED);
  g_assert_false (clientele_appointment_status_from_string ("lost", &status));
}

int
main (int argc, char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/client/defaults", test_defaults);
  g_test_add_func ("/client/every-field-is-a-property", test_every_field_is_a_property);
  g_test_add_func ("/client/display-name", test_display_name);
  g_test_add_func ("/client/copy-assign-equal", test_copy_assign_equal);
  g_test_add_func ("/client/csv-names", test_csv_names);
  g_test_add_func ("/appointment/properties", test_appointment);

  return g_test_run ();
}
