/* demo.c — the demo data set: organisations and people of the cooperation described in
 * the article (fictional companies and people; identifiers fictional with valid check
 * digits), loaded in one transaction, plus the demo accounts. Place names follow
 * /work/shared/domain.md. */
#include "domain/demo.h"

#include <stdio.h>
#include <string.h>

#include "domain/auth.h"
#include "domain/ident.h"
#include "domain/org.h"
#include "domain/person.h"

const demo_account demo_accounts[] = {
    { "admin", "kopir-admin", "admin" },
    { "coordinator", "kopir-coordinator", "coordinator" },
    { "member", "kopir-member", "member" },
    { "viewer", "kopir-viewer", "viewer" },
    { NULL, NULL, NULL },
};

#define WKO_KK "Батыс Қазақстан облысы"
#define SD_ZH "山东省"

/* One organisation. ident: for KZ the first 11 digits of the BIN, for CN the first 17
 * characters of the USCC; the check digit/character is computed. names: kk, ru, zh, en. */
typedef struct demo_org {
    const char *key, *kind, *country, *ident;
    const char *name[LANG_COUNT];
    const char *region, *district, *address, *website, *sectors, *parent;
    const char *desc_ru, *desc_en;
} demo_org;

static const demo_org demo_orgs[] = {
    { "akimat", "government", "KZ", "99094000312",
      { "Батыс Қазақстан облысының әкімдігі", "Акимат Западно-Казахстанской области", "西哈萨克斯坦州政府", "West Kazakhstan Regional Akimat" },
      WKO_KK, "Орал қаласы", "Орал қ., Достық даңғылы, 179 (демо)", "akimat.example.kz", "O", NULL,
      "Подписал с Департаментом коммерции провинции Шаньдун меморандум о сотрудничестве в области бизнеса, экономики и общественных связей.",
      "Signed a memorandum of cooperation in business, economy and public relations with the Department of Commerce of Shandong Province." },
    { "shandong", "government", "CN", "11370000MB2845163",
      { NULL, "Департамент коммерции провинции Шаньдун", "山东省商务厅", "Department of Commerce of Shandong Province" },
      SD_ZH, "济南市", NULL, NULL, "O", NULL,
      "Китайская сторона меморандума; ожидает участия бизнес-сообществ обеих сторон в проектах.",
      "The Chinese party to the memorandum; expects the business communities of both sides to take part in its projects." },
    { "aqjaiyq", "development_corporation", "KZ", "11044001987",
      { "«Aqjaiyq» әлеуметтік-кәсіпкерлік корпорациясы", "Социально-предпринимательская корпорация «Aqjaiyq»", NULL, "Aqjaiyq Social-Entrepreneurial Corporation" },
      WKO_KK, "Орал қаласы", NULL, "aqjaiyq.example.kz", "K;M;N", NULL,
      "Региональная корпорация развития: сопровождает инвестиционные проекты.", "The regional development corporation: supports investment projects." },
    { "chamber", "chamber", "KZ", "13054000468",
      { "«Атамекен» ҰКП Батыс Қазақстан облыстық кәсіпкерлер палатасы", "Региональная палата предпринимателей Западно-Казахстанской области НПП «Атамекен»", "阿塔梅肯企业家协会西哈萨克斯坦州分会", "Atameken Regional Chamber of Entrepreneurs, West Kazakhstan" },
      WKO_KK, "Орал қаласы", NULL, "atameken.example.kz", "S", NULL,
      "Объединяет местный бизнес и проводит встречи B2B с делегациями.", "Brings local companies together and runs B2B meetings with visiting delegations." },
    { "branch", "chamber", "KZ", "13055100472",
      { "«Атамекен» палатасының Бәйтерек аудандық филиалы", "Филиал района Бәйтерек региональной палаты «Атамекен»", NULL, "Baiterek District Branch of the Atameken Chamber" },
      WKO_KK, "Бәйтерек ауданы", "Бәйтерек ауданы, Переметное ауылы (демо)", NULL, "S", "chamber",
      "Организовал встречу местных предпринимателей с предпринимателями из Китая.", "Organised the meeting of local entrepreneurs with entrepreneurs from China." },
    { "foundation", "foundation", "KZ", "20084000533",
      { "«Достық көпірі» қайырымдылық қоры", "Благотворительный фонд «Мост дружбы»", "友谊之桥慈善基金会", "Bridge of Friendship Charity Foundation" },
      WKO_KK, "Орал қаласы", NULL, NULL, "P;S", NULL,
      "Инициатор визита китайской делегации; открывает учебные центры в Таскалинском районе и районе Бәйтерек.",
      "Initiated the Chinese delegation's visit; opens training centres in Taskala and Baiterek districts." },
    /* Kazakh companies: kk + ru */
    { "kz_oil", "company", "KZ", "15034000614",
      { "«Орал Мұнай Өнімдері» ЖШС", "ТОО «Уральск Нефтепродукт»", NULL, NULL },
      WKO_KK, "Орал қаласы", NULL, NULL, "C;G", NULL, "Переработка и сбыт нефтепродуктов.", NULL },
    { "kz_waste", "company", "KZ", "16074000725",
      { "«Таза Орал» ЖШС", "ТОО «Таза Орал»", NULL, NULL },
      WKO_KK, "Орал қаласы", NULL, NULL, "E", NULL, "Сбор и сортировка твёрдых бытовых отходов.", NULL },
    { "kz_build", "company", "KZ", "17024000836",
      { "«Батыс Құрылыс Материалдары» ЖШС", "ТОО «Батыс Стройматериалы»", NULL, NULL },
      WKO_KK, "Тасқала ауданы", NULL, NULL, "C;F", NULL, "Кирпич и цемент для региона.", NULL },
    { "kz_agro", "company", "KZ", "18054000947",
      { "«Бәйтерек Агро» ЖШС", "ТОО «Байтерек Агро»", NULL, NULL },
      WKO_KK, "Бәйтерек ауданы", NULL, NULL, "A;C", NULL, "Выращивание и переработка овощей и фруктов.", NULL },
    { "kz_water", "company", "KZ", "19094001058",
      { "«Бәйтерек Су» ЖШС", "ТОО «Байтерек Су»", NULL, NULL },
      WKO_KK, "Бәйтерек ауданы", NULL, NULL, "E", NULL,
      "Водоснабжение и канализация; площадка апробации оборудования для получения технической воды.", NULL },
    { "kz_machines", "company", "KZ", "21034001169",
      { "«Тасқала АгроТехСервис» ЖШС", "ТОО «Таскала АгроТехСервис»", NULL, NULL },
      WKO_KK, "Тасқала ауданы", NULL, NULL, "G;A", NULL, "Продажа и обслуживание сельхозтехники из Китая.", NULL },
    /* Chinese companies: zh + en (+ ru) */
    { "cn_oil", "company", "CN", "91370300MA3D8K2P4",
      { NULL, "ООО «Цзыбо Хэнжунь Нефтехимические технологии»", "淄博恒润石化科技有限公司", "Zibo Hengrun Petrochemical Technology Co., Ltd." },
      SD_ZH, "淄博市", NULL, NULL, "C", NULL, "Оборудование для переработки нефтепродуктов.", "Equipment for processing oil products." },
    { "cn_waste", "company", "CN", "91370200MA3R6T1N7",
      { NULL, NULL, "青岛绿城环保科技有限公司", "Qingdao Lucheng Environmental Technology Co., Ltd." },
      SD_ZH, "青岛市", NULL, NULL, "E", NULL, "Переработка твёрдых бытовых отходов.", "Municipal solid waste processing." },
    { "cn_build", "company", "CN", "91371300MA94XW2E5",
      { NULL, "ООО «Линьи Синьюань Стройматериалы»", "临沂鑫源建材有限公司", "Linyi Xinyuan Building Materials Co., Ltd." },
      SD_ZH, "临沂市", NULL, NULL, "C", NULL, "Производство строительных материалов.", "Building materials." },
    { "cn_food", "company", "CN", "91370700MA3F4H9K2",
      { NULL, NULL, "寿光绿丰果蔬加工有限公司", "Shouguang Lufeng Fruit and Vegetable Processing Co., Ltd." },
      SD_ZH, "潍坊市", NULL, NULL, "A;C", NULL, "Переработка овощей и фруктов.", "Fruit and vegetable processing." },
    { "cn_water", "company", "CN", "91370100MA3C7L1R3",
      { NULL, "ООО «Цзинань Цинцюань Водоочистное оборудование»", "济南清泉水处理设备有限公司", "Jinan Qingquan Water Treatment Equipment Co., Ltd." },
      SD_ZH, "济南市", NULL, NULL, "C;E", NULL,
      "Оборудование, превращающее сточные воды в техническую воду; апробируется в районе Бәйтерек.",
      "Equipment that turns sewage into technical water; being piloted in Baiterek district." },
    { "cn_machines", "company", "CN", "91370700MA3G2M8N6",
      { NULL, "ООО «Вэйфан Вофэн Сельхозмашины»", "潍坊沃丰农业机械有限公司", "Weifang Wofeng Agricultural Machinery Co., Ltd." },
      SD_ZH, "潍坊市", NULL, NULL, "C;G", NULL, "Комбайны и тракторы; обучение механизаторов.", "Combines and tractors; training for machine operators." },
    /* training centres, planned for early next year (no registration number yet) */
    { "tc_taskala", "training_centre", "KZ", NULL,
      { "Тасқала аудандық оқу орталығы", "Учебный центр Таскалинского района", "塔斯卡拉区培训中心", NULL },
      WKO_KK, "Тасқала ауданы", NULL, NULL, "P", "foundation",
      "Подготовка электриков, комбайнеров и механизаторов, офлайн.", "Trains electricians, combine operators and machine operators, offline." },
    { "tc_baiterek", "training_centre", "KZ", NULL,
      { "Бәйтерек аудандық оқу орталығы", "Учебный центр района Бәйтерек", NULL, NULL },
      WKO_KK, "Бәйтерек ауданы", NULL, NULL, "P", "foundation",
      "Подготовка рабочих профессий для села; китайские специалисты обучают работе на технике.", NULL },
};
#define DEMO_NORGS ((int)(sizeof demo_orgs / sizeof demo_orgs[0]))

typedef struct demo_person {
    const char *org, *name[LANG_COUNT], *position, *phone, *email, *langs;
} demo_person;

static const demo_person demo_people[] = {
    { "akimat", { "Асқар Нұрланұлы Жұмабаев", "Аскар Нурланович Жумабаев", NULL, "Askar Zhumabayev" },
      "Руководитель отдела внешнеэкономических связей", "+7 7112 50 10 01", "a.zhumabayev@akimat.example.kz", "kk;ru;en" },
    { "shandong", { NULL, "Ли На", "李娜", "Li Na" }, "处长 / начальник отдела", "+86 531 8691 0001", "li.na@commerce.example.cn", "zh;en" },
    { "shandong", { NULL, "Чэнь Цзин", "陈静", "Chen Jing" }, "翻译 / переводчик", "+86 531 8691 0002", "chen.jing@commerce.example.cn", "zh;ru" },
    { "aqjaiyq", { "Ержан Серікұлы Бекқалиев", "Ержан Серикович Беккалиев", NULL, NULL },
      "Директор департамента инвестиций", "+7 7112 51 20 02", "e.bekkaliev@aqjaiyq.example.kz", "kk;ru;en" },
    { "chamber", { "Динара Қайратқызы Сағынова", "Динара Кайратовна Сагынова", NULL, NULL },
      "Заместитель директора", "+7 7112 52 30 03", "d.sagynova@atameken.example.kz", "kk;ru" },
    { "branch", { "Гүлмира Ахметқызы Есенова", "Гульмира Ахметовна Есенова", NULL, NULL },
      "Председатель филиала", "+7 71130 2 11 04", "g.yessenova@atameken.example.kz", "kk;ru" },
    { "foundation", { "Виктор Ли", "Виктор Ли", NULL, "Viktor Li" }, "Руководитель фонда", "+7 701 555 01 05", "v.li@dostyq.example.kz", "ru;kk;en" },
    { "kz_oil", { "Бауыржан Мұратұлы Исатаев", "Бауыржан Муратович Исатаев", NULL, NULL }, "Директор", "+7 7112 53 40 06", NULL, "kk;ru" },
    { "kz_waste", { "Айгүл Серікқызы Төлеуова", "Айгуль Сериковна Тулеуова", NULL, NULL }, "Директор", "+7 7112 54 50 07", "info@tazaoral.example.kz", "kk;ru" },
    { "kz_build", { "Нұрлан Қанатұлы Мырзағалиев", "Нурлан Канатович Мырзагалиев", NULL, NULL }, "Директор", "+7 71139 2 22 08", NULL, "kk;ru" },
    { "kz_agro", { "Самат Ерланұлы Құсайынов", "Самат Ерланович Кусаинов", NULL, NULL }, "Директор", "+7 71130 2 33 09", NULL, "kk;ru" },
    { "kz_water", { "Жанар Бекқызы Әбілова", "Жанар Бековна Абилова", NULL, NULL }, "Главный инженер", "+7 71130 2 44 10", "info@baiterek-su.example.kz", "kk;ru" },
    { "kz_machines", { "Ерболат Әскерұлы Жақсылықов", "Ерболат Аскерович Жаксылыков", NULL, NULL }, "Директор", "+7 71139 2 55 11", NULL, "kk;ru" },
    { "cn_oil", { NULL, "Ван Лэй", "王磊", "Wang Lei" }, "总经理 / генеральный директор", "+86 533 1234 5612", "wang.lei@hengrun.example.cn", "zh;en" },
    { "cn_waste", { NULL, NULL, "刘洋", "Liu Yang" }, "销售经理 / sales manager", "+86 532 2345 6713", NULL, "zh;en" },
    { "cn_build", { NULL, "Чжан Минь", "张敏", "Zhang Min" }, "总经理 / генеральный директор", "+86 539 3456 7814", NULL, "zh" },
    { "cn_food", { NULL, NULL, "赵强", "Zhao Qiang" }, "总经理 / general manager", "+86 536 4567 8915", NULL, "zh;en" },
    { "cn_water", { NULL, "Сунь Хао", "孙浩", "Sun Hao" }, "技术总监 / технический директор", "+86 531 5678 9016", "sun.hao@qingquan.example.cn", "zh;ru" },
    { "cn_machines", { NULL, "Ма Юн", "马勇", "Ma Yong" }, "培训主管 / руководитель обучения", "+86 536 6789 0117", NULL, "zh;ru;en" },
    { "tc_taskala", { "Қайрат Болатұлы Сейітов", "Кайрат Болатович Сеитов", NULL, NULL }, "Координатор центра", "+7 71139 2 66 18", NULL, "kk;ru" },
    { "tc_baiterek", { "Әсел Маратқызы Нұрғалиева", "Асель Маратовна Нургалиева", NULL, NULL }, "Координатор центра", "+7 71130 2 77 19", NULL, "kk;ru" },
};
#define DEMO_NPEOPLE ((int)(sizeof demo_people / sizeof demo_people[0]))

/* The full identifier: BIN with its check digit (the serial is advanced past numbers
 * that can never be issued) or USCC with its check character. */
static const char *demo_ident(arena *a, const demo_org *o)
{
    if (!o->ident) return NULL;
    if (strcmp(o->country, "CN") == 0) {
        char c = ident_uscc_check_char(o->ident);
        return c ? arena_printf(a, "%s%c", o->ident, c) : NULL;
    }
    char first[12];
    memcpy(first, o->ident, 11);
    first[11] = '\0';
    for (int tries = 0; tries < 10; tries++) {
        int c = ident_kz_check_digit(first);
        if (c >= 0) return arena_printf(a, "%s%d", first, c);
        first[10] = (char)('0' + (first[10] - '0' + 1) % 10);
    }
    return NULL;
}

static int demo_index(const char *key)
{
    for (int i = 0; key && i < DEMO_NORGS; i++)
        if (strcmp(demo_orgs[i].key, key) == 0) return i;
    return -1;
}

static bool demo_orgs_load(db *d, arena *a, int64_t *ids, char *err, int errlen)
{
    for (int i = 0; i < DEMO_NORGS; i++) {
        const demo_org *s = &demo_orgs[i];
        org o;
        memset(&o, 0, sizeof o);
        o.kind = s->kind;
        o.country = s->country;
        o.identifier = demo_ident(a, s);
        for (int l = 0; l < LANG_COUNT; l++) o.name[l] = s->name[l];
        o.description[LANG_RU] = s->desc_ru;
        o.description[LANG_EN] = s->desc_en;
        o.region = s->region;
        o.district = s->district;
        o.address = s->address;
        o.website = s->website;
        char *sec = arena_strdup(a, s->sectors);
        for (char *save = NULL, *t = strtok_r(sec, ";", &save); t && o.nsectors < ORG_MAX_SECTORS;
             t = strtok_r(NULL, ";", &save))
            o.sectors[o.nsectors++] = t;
        int p = demo_index(s->parent);
        o.parent_id = p >= 0 ? ids[p] : 0;
        org_errors errs = { 0 };
        ids[i] = org_create(d, a, 0, &o, &errs);
        if (!ids[i]) {
            snprintf(err, (size_t)errlen, "demo organisation %s: %s: %s", s->key,
                     errs.n ? errs.e[0].field : "", errs.n ? errs.e[0].message : "database error");
            return false;
        }
    }
    return true;
}

static bool demo_people_load(db *d, arena *a, const int64_t *ids, char *err, int errlen)
{
    for (int i = 0; i < DEMO_NPEOPLE; i++) {
        const demo_person *s = &demo_people[i];
        person p;
        memset(&p, 0, sizeof p);
        p.org_id = ids[demo_index(s->org)];
        for (int l = 0; l < LANG_COUNT; l++) p.name[l] = s->name[l];
        p.position = s->position;
        p.phone = s->phone;
        p.email = s->email;
        person_langs_parse(s->langs, &p.langs);
        org_errors errs = { 0 };
        if (!person_create(d, a, 0, &p, &errs)) {
            snprintf(err, (size_t)errlen, "demo person %d: %s: %s", i, errs.n ? errs.e[0].field : "",
                     errs.n ? errs.e[0].message : "database error");
            return false;
        }
    }
    return true;
}

static bool demo_accounts_load(db *d, arena *a, int64_t member_org, char *err, int errlen)
{
    for (const demo_account *u = demo_accounts; u->name; u++) {
        web_user existing;
        if (auth_user_find(d, a, u->name, &existing)) continue;
        web_role role;
        if (!auth_role_parse(u->role, &role)) return false;
        const char *e = NULL;
        if (!auth_user_add(d, u->name, u->password, role, role == ROLE_MEMBER ? member_org : 0, &e)) {
            snprintf(err, (size_t)errlen, "demo account %s: %s", u->name, e ? e : "error");
            return false;
        }
    }
    return true;
}

demo_result demo_load(db *d, arena *a, int *norgs, int *npeople, char *err, int errlen)
{
    *norgs = *npeople = 0;
    const char *marker = demo_ident(a, &demo_orgs[0]);
    if (org_find_identifier(d, marker)) return DEMO_ALREADY;
    int64_t ids[DEMO_NORGS];
    if (!db_begin(d)) {
        snprintf(err, (size_t)errlen, "cannot start a transaction: %s", db_errmsg(d));
        return DEMO_FAILED;
    }
    if (demo_orgs_load(d, a, ids, err, errlen) && demo_people_load(d, a, ids, err, errlen)
        && demo_accounts_load(d, a, ids[demo_index("kz_water")], err, errlen) && db_commit(d)) {
        *norgs = DEMO_NORGS;
        *npeople = DEMO_NPEOPLE;
        return DEMO_LOADED;
    }
    db_rollback(d);
    return DEMO_FAILED;
}
