/* routes.c — the one place that registers every module's routes at start-up. A module
 * adds one line here calling its *_routes() function. */
#include "web/org_pages.h"
#include "web/pages.h"
#include "web/web.h"

void web_routes_register_all(void)
{
    static bool done;
    if (done) return;
    done = true;
    pages_home_routes();
    pages_auth_routes();
    org_routes();
}
