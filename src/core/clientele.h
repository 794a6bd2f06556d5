/* clientele.h: the core library (no GTK): include this one header. */
#pragma once

#include "clientele-appointment.h"
#include "clientele-client.h"
#include "clientele-client-list.h"
#include "clientele-csv-import.h"
#include "clientele-demo.h"
#include "clientele-error.h"
#include "clientele-export.h"
#include "clientele-field.h"
#include "clientele-search.h"
#include "clientele-store.h"
#include "clientele-validate.h"
