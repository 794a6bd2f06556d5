/* clientele-client-tags.c: see clientele-client-tags.h. A client's status
 * and tags are a few rows, read and written with the client itself (as the
 * dialog reads and saves the client). */
#include <glib/gi18n-lib.h>
#include <string.h>

#include "clientele-client-tags.h"
#include "clientele-store-status.h"

struct _ClienteleClientTags
{
  AdwPreferencesGroup parent_instance;

  ClienteleStore *store;
  AdwComboRow *status_row;
  AdwEntryRow *tags_row;
  GArray *status_ids; /* by the drop-down's position */
  gint64 status; /* as read */
  GStrv tags; /* as read, sorted */
};

G_DEFINE_FINAL_TYPE (ClienteleClientTags, clientele_client_tags, ADW_TYPE_PREFERENCES_GROUP)

static void
clientele_client_tags_finalize (GObject *object)
{
  ClienteleClientTags *self = CLIENTELE_CLIENT_TAGS (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->status_ids, g_array_unref);
  g_clear_pointer (&self->tags, g_strfreev);
  G_OBJECT_CLASS (clientele_client_tags_parent_class)->finalize (object);
}

static void
clientele_client_tags_class_init (ClienteleClientTagsClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = clientele_client_tags_finalize;
}

static void
clientele_client_tags_init (ClienteleClientTags *self)
{
  self->status_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->status_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->status_row), _ ("Status"));
  adw_preferences_row_set_use_underline (ADW_PREFERENCES_ROW (self->status_row), TRUE);
  self->tags_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->tags_row),
                                 _ ("Tags, separated by commas"));
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _ ("Status and Tags"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->status_row));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (self->tags_row));
}

static int
compare_tags (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char *const *)a, *(const char *const *)b);
}

/* The entry's tags: trimmed, without empty ones or repeats, sorted. */
static GStrv
entered_tags (ClienteleClientTags *self)
{
  g_auto (GStrv) parts =
    g_strsplit (gtk_editable_get_text (GTK_EDITABLE (self->tags_row)), ",", -1);
  g_autoptr (GPtrArray) tags = g_ptr_array_new ();

  for (guint i = 0; parts[i] != NULL; i++)
    {
      char *tag = g_strstrip (parts[i]);

      if (*tag != '\0' && !g_ptr_array_find_with_equal_func (tags, tag, g_str_equal, NULL))
        g_ptr_array_add (tags, g_strdup (tag));
    }
  g_ptr_array_sort (tags, compare_tags);
  g_ptr_array_add (tags, NULL);
  return (GStrv)g_ptr_array_free (g_steal_pointer (&tags), FALSE);
}

static gint64
chosen_status (ClienteleClientTags *self)
{
  guint selected = adw_combo_row_get_selected (self->status_row);

  return selected < self->status_ids->len ? g_array_index (self->status_ids, gint64, selected)
                                          : self->status;
}

static void
fill_statuses (ClienteleClientTags *self)
{
  g_autoptr (GPtrArray) list = clientele_store_list_statuses (self->store, NULL);
  g_autoptr (GtkStringList) names = gtk_string_list_new (NULL);
  guint selected = 0;

  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      ClienteleStatus *status = list->pdata[i];

      gtk_string_list_append (names, clientele_status_display_name (status));
      g_array_append_val (self->status_ids, status->id);
      if (status->id == self->status)
        selected = i;
    }
  adw_combo_row_set_model (self->status_row, G_LIST_MODEL (names));
  adw_combo_row_set_selected (self->status_row, selected);
}

ClienteleClientTags *
clientele_client_tags_new (ClienteleStore *store, gint64 client_id)
{
  ClienteleClientTags *self = g_object_new (CLIENTELE_TYPE_CLIENT_TAGS, NULL);
  g_autofree char *joined = NULL;

  self->store = g_object_ref (store);
  self->status = client_id != 0 ? clientele_store_get_client_status (store, client_id, NULL) : 0;
  if (self->status == 0)
    self->status = CLIENTELE_STATUS_PROSPECT;
  self->tags = client_id != 0 ? clientele_store_get_client_tags (store, client_id, NULL) : NULL;
  if (self->tags == NULL)
    self->tags = g_new0 (char *, 1);
  fill_statuses (self);
  joined = g_strjoinv (", ", self->tags);
  gtk_editable_set_text (GTK_EDITABLE (self->tags_row), joined);
  return self;
}

gboolean
clientele_client_tags_has_changes (ClienteleClientTags *self)
{
  g_auto (GStrv) tags = entered_tags (self);

  g_return_val_if_fail (CLIENTELE_IS_CLIENT_TAGS (self), FALSE);
  return chosen_status (self) != self->status ||
         !g_strv_equal ((const char *const *)tags, (const char *const *)self->tags);
}

/* Adds the tags of @these missing from @others (@add), or removes them. */
static gboolean
change_tags (
  ClienteleClientTags *self, gint64 id, GStrv these, GStrv others, gboolean add, GError **error)
{
  for (guint i = 0; these[i] != NULL; i++)
    if (!g_strv_contains ((const char *const *)others, these[i]) &&
        !clientele_store_change_tag (self->store, &id, 1, these[i], add, error))
      return FALSE;
  return TRUE;
}

gboolean
clientele_client_tags_save (ClienteleClientTags *self, gint64 client_id, GError **error)
{
  g_auto (GStrv) tags = entered_tags (self);
  gint64 status = chosen_status (self);

  g_return_val_if_fail (CLIENTELE_IS_CLIENT_TAGS (self), FALSE);
  if (status != self->status &&
      !clientele_store_set_status (self->store, &client_id, 1, status, error))
    return FALSE;
  return change_tags (self, client_id, self->tags, tags, FALSE, error) &&
         change_tags (self, client_id, tags, self->tags, TRUE, error);
}
