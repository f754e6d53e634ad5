/* sector.c — the 21 NACE Rev. 2 sections (A..U) with labels in kk, ru, zh and en.
 * Kazakhstan's OKED (ЭҚЖЖ / ОКЭД) follows NACE Rev. 2, so the kk and ru labels follow the
 * OKED section titles and the en ones the Eurostat titles; the two longest titles
 * (E and T) are shortened for menus. zh follows the usual Simplified rendering of the
 * NACE/ISIC section titles. Labels are data in four languages, not msgids. */
#include "domain/sector.h"

#include <string.h>

static const sector sectors[] = {
    { "A", { "Ауыл, орман және балық шаруашылығы",
             "Сельское, лесное и рыбное хозяйство",
             "农业、林业和渔业",
             "Agriculture, forestry and fishing" } },
    { "B", { "Тау-кен өндіру өнеркәсібі және карьерлерді қазу",
             "Горнодобывающая промышленность и разработка карьеров",
             "采矿和采石业",
             "Mining and quarrying" } },
    { "C", { "Өңдеу өнеркәсібі",
             "Обрабатывающая промышленность",
             "制造业",
             "Manufacturing" } },
    { "D", { "Электрмен жабдықтау, газ, бу беру және ауаны баптау",
             "Электроснабжение, подача газа, пара и воздушное кондиционирование",
             "电力、燃气、蒸汽和空调供应",
             "Electricity, gas, steam and air conditioning supply" } },
    { "E", { "Сумен жабдықтау; кәріз жүйесі, қалдықтарды жинау және жою",
             "Водоснабжение; водоотведение, сбор и удаление отходов",
             "供水；污水处理、废物管理和污染治理",
             "Water supply; sewerage and waste management" } },
    { "F", { "Құрылыс",
             "Строительство",
             "建筑业",
             "Construction" } },
    { "G", { "Көтерме және бөлшек сауда; автомобильдер мен мотоциклдерді жөндеу",
             "Оптовая и розничная торговля; ремонт автомобилей и мотоциклов",
             "批发和零售业；机动车和摩托车修理",
             "Wholesale and retail trade; repair of motor vehicles and motorcycles" } },
    { "H", { "Көлік және жинақтау",
             "Транспорт и складирование",
             "运输和仓储",
             "Transportation and storage" } },
    { "I", { "Тұру және тамақтану бойынша қызметтер",
             "Услуги по проживанию и питанию",
             "住宿和餐饮服务",
             "Accommodation and food service activities" } },
    { "J", { "Ақпарат және байланыс",
             "Информация и связь",
             "信息和通信",
             "Information and communication" } },
    { "K", { "Қаржы және сақтандыру қызметі",
             "Финансовая и страховая деятельность",
             "金融和保险活动",
             "Financial and insurance activities" } },
    { "L", { "Жылжымайтын мүлікпен жасалатын операциялар",
             "Операции с недвижимым имуществом",
             "房地产活动",
             "Real estate activities" } },
    { "M", { "Кәсіби, ғылыми және техникалық қызмет",
             "Профессиональная, научная и техническая деятельность",
             "专业、科学和技术活动",
             "Professional, scientific and technical activities" } },
    { "N", { "Әкімшілік және қосалқы қызмет көрсету саласындағы қызмет",
             "Деятельность в области административного и вспомогательного обслуживания",
             "行政和辅助服务活动",
             "Administrative and support service activities" } },
    { "O", { "Мемлекеттік басқару және қорғаныс; міндетті әлеуметтік қамсыздандыру",
             "Государственное управление и оборона; обязательное социальное обеспечение",
             "公共管理和国防；强制性社会保障",
             "Public administration and defence; compulsory social security" } },
    { "P", { "Білім беру",
             "Образование",
             "教育",
             "Education" } },
    { "Q", { "Денсаулық сақтау және әлеуметтік қызмет көрсету",
             "Здравоохранение и социальные услуги",
             "卫生和社会工作",
             "Human health and social work activities" } },
    { "R", { "Өнер, ойын-сауық және демалыс",
             "Искусство, развлечения и отдых",
             "艺术、娱乐和休闲",
             "Arts, entertainment and recreation" } },
    { "S", { "Өзге де қызмет түрлерін ұсыну",
             "Предоставление прочих видов услуг",
             "其他服务活动",
             "Other service activities" } },
    { "T", { "Үй шаруашылықтарының жұмыс беруші және өз тұтынуы үшін өндіруші ретіндегі қызметі",
             "Деятельность домашних хозяйств как работодателей и производителей для собственного потребления",
             "家庭作为雇主及自用生产活动",
             "Households as employers and producers for own use" } },
    { "U", { "Экстерриториялық ұйымдар мен органдардың қызметі",
             "Деятельность экстерриториальных организаций и органов",
             "域外组织和机构的活动",
             "Extraterritorial organisations and bodies" } },
};

enum { SECTOR_COUNT = sizeof sectors / sizeof sectors[0] };

const sector *sector_all(int *n)
{
    if (n) *n = SECTOR_COUNT;
    return sectors;
}

const sector *sector_find(const char *code)
{
    /* Codes are single letters A..U in order, so the index is the letter's offset. */
    if (!code || code[0] < 'A' || code[0] > 'U' || code[1] != '\0') return NULL;
    return &sectors[code[0] - 'A'];
}

const char *sector_label(const sector *s, lang_id l)
{
    if (!s) return "";
    if ((int)l < 0 || l >= LANG_COUNT) l = LANG_EN;
    return s->label[l];
}
