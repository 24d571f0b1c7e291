/*
 * test_layering.c: the architecture's one hard rule, checked on the source tree:
 * core <- io <- ui <- platform. Only src/platform includes SDL; core includes nothing from
 * ui, cli or platform; io (file formats, with cJSON) nothing but core; ui nothing from cli
 * or platform; cli nothing from ui or platform; only the store's own files include
 * sqlite3.h; no `extern` declarations in .c files.
 */
#include "test_support.h"

#include "core/str.h"

#include <dirent.h>
#include <stdbool.h>

typedef struct Rule {
    const char *layer;     /* folder under src/ */
    const char *forbidden; /* a substring that must not appear in an #include line */
} Rule;

static const Rule RULES[] = {
    {"core", "SDL"},           {"core", "\"ui/"},      {"core", "\"cli/"},
    {"core", "\"platform/"},   {"ui", "SDL"},          {"ui", "\"cli/"},
    {"ui", "\"platform/"},     {"ui", "sqlite3.h"},    {"cli", "SDL"},
    {"cli", "\"ui/"},          {"cli", "\"platform/"}, {"cli", "sqlite3.h"},
    {"platform", "sqlite3.h"}, {"io", "SDL"},          {"io", "sqlite3.h"},
    {"io", "\"ui/"},           {"io", "\"cli/"},       {"io", "\"platform/"},
};

static int violations;

static void scan_file(const char *layer, const char *path, const char *name)
{
    FILE *f = fopen(path, "r");
    assert_non_null(f);
    char line[1024];
    int no = 0;
    bool is_store = strncmp(name, "store", 5) == 0;
    bool is_c = str_ends_with(name, ".c");
    while (fgets(line, sizeof(line), f)) {
        no++;
        const char *p = line;
        while (*p == ' ' || *p == '\t')
            p++;
        if (is_c && strncmp(p, "extern ", 7) == 0) {
            print_error("%s:%d: extern declaration in a .c file\n", path, no);
            violations++;
        }
        if (*p != '#' || !strstr(p, "include"))
            continue;
        for (size_t i = 0; i < sizeof(RULES) / sizeof(RULES[0]); i++) {
            if (strcmp(RULES[i].layer, layer) != 0 || !strstr(p, RULES[i].forbidden))
                continue;
            print_error("%s:%d: %s may not include %s\n", path, no, layer, RULES[i].forbidden);
            violations++;
        }
        if (strcmp(layer, "core") == 0 && strstr(p, "sqlite3.h") && !is_store) {
            print_error("%s:%d: only store*.c may include sqlite3.h\n", path, no);
            violations++;
        }
    }
    fclose(f);
}

static int scan_layer(const char *layer)
{
    char dir[600];
    snprintf(dir, sizeof(dir), "%s/src/%s", ARCHDRILL_SOURCE_DIR, layer);
    DIR *d = opendir(dir);
    assert_non_null(d);
    int files = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!str_ends_with(e->d_name, ".c") && !str_ends_with(e->d_name, ".h"))
            continue;
        char *path = path_join(dir, e->d_name);
        scan_file(layer, path, e->d_name);
        free(path);
        files++;
    }
    closedir(d);
    return files;
}

static void test_layers_respect_the_dependency_rule(void **state)
{
    (void)state;
    violations = 0;
    int files = scan_layer("core") + scan_layer("io") + scan_layer("ui") + scan_layer("cli") +
                scan_layer("platform");
    assert_true(files > 20);
    assert_int_equal(violations, 0);
}

static void test_the_checker_catches_a_violation(void **state)
{
    (void)state;
    char *dir = tmp_dir();
    char *path = path_join(dir, "bad.c");
    write_file(path, "#include <SDL.h>\n#include \"ui/app.h\"\nextern int x;\n");
    violations = 0;
    scan_file("core", path, "bad.c");
    assert_int_equal(violations, 3);
    rm_rf(dir);
    free(path), free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_layers_respect_the_dependency_rule),
        cmocka_unit_test(test_the_checker_catches_a_violation),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
