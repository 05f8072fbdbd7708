/* The benchmark sheet written with libxlsxwriter (constant_memory), for comparison with nianbao-bench write-xlsx. */
#include <stdio.h>
#include <stdlib.h>
#include <xlsxwriter.h>

int main(int argc, char **argv) {
    if (argc < 3) { fprintf(stderr, "usage: %s ROWS OUT\n", argv[0]); return 64; }
    long count = atol(argv[1]);
    lxw_workbook_options options = {.constant_memory = LXW_TRUE, .tmpdir = NULL};
    lxw_workbook *workbook = workbook_new_opt(argv[2], &options);
    lxw_worksheet *sheet = workbook_add_worksheet(workbook, "data");
    lxw_format *date = workbook_add_format(workbook);
    format_set_num_format(date, "yyyy-mm-dd");
    static char words[5000][32];
    for (int i = 0; i < 5000; i++) snprintf(words[i], sizeof words[i], "乡镇%d-项目%d", i % 97, i);
    for (long r = 0; r < count; r++) {
        worksheet_write_number(sheet, r, 0, (double)r, NULL);
        worksheet_write_number(sheet, r, 1, (double)((r * 7919) % 100000), NULL);
        worksheet_write_number(sheet, r, 2, (double)(r % 365), NULL);
        worksheet_write_number(sheet, r, 3, (double)((r * 31) % 1000), NULL);
        worksheet_write_number(sheet, r, 4, (double)(r % 10000) / 4 + 0.125, NULL);
        worksheet_write_number(sheet, r, 5, (double)((r * 13) % 100000) / 100, NULL);
        worksheet_write_string(sheet, r, 6, words[(r * 17) % 5000], NULL);
        worksheet_write_string(sheet, r, 7, words[(r * 101) % 5000], NULL);
        worksheet_write_string(sheet, r, 8, words[r % 5000], NULL);
        worksheet_write_number(sheet, r, 9, 43831.0 + (double)(r % 1500), date);
    }
    return workbook_close(workbook) == LXW_NO_ERROR ? 0 : 1;
}
