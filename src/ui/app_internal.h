/*
 * app_internal.h: the App's state and the screens' entry points, shared by app.c and the
 * screen_*.c files only.
 */
#ifndef ARCHDRILL_APP_INTERNAL_H
#define ARCHDRILL_APP_INTERNAL_H

#include "core/game.h"
#include "core/lightning.h"
#include "core/queue.h"
#include "core/session.h"
#include "core/store_attempt.h"
#include "core/store_drill.h"
#include "core/store_study.h"
#include "ui/app.h"
#include "ui/board_canvas.h"
#include "ui/markdown.h"

/* An answer given in this session, so undoing it can take it off the summary's counts. */
typedef struct ReviewAnswer {
    int64_t card_id;
    int rating;
} ReviewAnswer;

typedef struct Review {
    int64_t deck_id; /* 0: all decks */
    char title[160];
    Queue queue;
    bool has_card;
    StudyCard card;
    QueueKind kind;
    char labels[4][STUDY_LABEL_CAP];
    bool revealed;
    int64_t shown_ms; /* when the front appeared: the answer time starts there */
    MdLayout *front, *back;
    float layout_width;
    float scroll;
    int studied, again;
    int64_t started_ms;
    int64_t ended_ms;      /* when the summary appeared (0: not yet); its time stops there */
    ReviewAnswer *answers; /* this session's answers, oldest first (owned) */
    size_t answer_count, answer_cap;
    char flash[160]; /* a short message: "Buried until tomorrow" */
    int64_t flash_until_ms;
} Review;

enum {
    SETTING_NEW,
    SETTING_REVIEWS,
    SETTING_RETENTION,
    SETTING_STEPS,
    SETTING_RELEARN,
    SETTING_MAX_IVL,
    SETTING_FIELDS
};

typedef struct Settings {
    int deck; /* index into App.decks */
    TextField fields[SETTING_FIELDS];
    char message[256];
    bool error;
    bool overrun_sound; /* the "overrun_sound" setting, read when the screen opens */
} Settings;

typedef struct DrillList {
    DrillSummary *items;
    size_t count;
    int selected; /* row 0: the suggested design drill, row 1: a lightning round */
    float scroll;
    char status[256];
    bool show_history; /* the selected drill's attempts, in a modal */
} DrillList;

#define ATTEMPT_NOTES 8

typedef struct Attempt {
    int64_t prompt_id, attempt_id;
    char title[200];
    Deck *deck;
    Drill *drill;
    Session *session;
    TextArea notes[ATTEMPT_NOTES]; /* per phase (design) or per part (risk, adr) */
    TextField answer;              /* estimation */
    TextArea missed;
    MdLayout *text; /* what the left pane shows: the prompt, or the reference */
    float text_width;
    size_t text_phase; /* which phase/stage the layout was made for */
    float scroll;
    int score_row;
    int64_t saved_ms;
    char status[200];
    /* design and risk drills: the attempt's whiteboard beside the text and notes */
    BoardCanvas *board; /* NULL until the first frame that shows it */
    bool board_focus;   /* the board has the keyboard (a click on it; Ctrl+B toggles) */
    float split;        /* the left column's share of the width (0: the default) */
    bool split_drag;    /* the divider is being dragged */
    bool board_failed;  /* the board could not be made or opened: not retried each frame */
} Attempt;

typedef struct Lightning {
    LightningPool pool;
    LightningRound *round;
    int best;
    bool saved;
} Lightning;

/* The whiteboard screens' state (screen_board*.c) and the statistics screen's
 * (screen_stats.c), private to their files. */
typedef struct BoardScreen BoardScreen;
typedef struct StatsScreen StatsScreen;

struct App {
    AppConfig cfg;
    UiCtx ui;
    AppScreen screen;
    char fatal[512];
    /* home */
    DeckSummary *decks;
    size_t deck_count;
    int done_today;         /* answers given since the study day began */
    Game game;              /* streak, rank, XP and today's goal for the header */
    bool game_ok;           /* false until read, or when the statistics could not be read */
    int game_wait;          /* 1: home_load asked for them, 2: read them on the next frame */
    int64_t game_signature; /* store_stats_signature when they were read */
    int64_t game_day;       /* the study day they were read on */
    int selected;
    float scroll;
    int64_t loaded_ms;
    DeckErrors errors;
    bool show_errors;
    char status[256];
    /* review and summary */
    Review review;
    bool resync_on_focus; /* an editor was opened: re-read the decks when focus comes back */
    /* drills */
    DrillList drills;
    Attempt attempt;
    Lightning lightning;
    AttemptOpen resume; /* an attempt left open (attempt_id 0: none) */
    /* settings */
    Settings settings;
    /* whiteboard and statistics */
    BoardScreen *board;
    StatsScreen *stats;
};

void home_load(App *app, int64_t now_ms);
void home_frame(App *app);

/* Starts studying one deck (deck_id > 0) or everything (0); stays home if nothing is due. */
void review_start(App *app, int64_t deck_id, const char *title);
void review_frame(App *app);
void summary_frame(App *app);
void review_end(App *app);
/* Back from an editor: re-reads the deck files (the host's resync), keeps their errors for
 * the home screen, and refreshes the card under review, or moves on to the next card (or
 * the summary) when the edit removed or suspended it. Safe on any screen. */
void review_resync(App *app);

void app_go_home(App *app);
/* Reads the theme and text size from the settings table and applies them. */
void app_apply_theme(App *app);

void drills_open(App *app);
void drills_frame(App *app);
void drills_free(App *app);
/* Offers to resume an attempt left open, if any (a modal on the home screen). */
void drills_check_resume(App *app);
bool drills_resume_modal(App *app);
void attempt_frame(App *app);
void attempt_end(App *app);
int64_t attempt_deadline_ms(const App *app);
void lightning_frame(App *app);
void lightning_end(App *app);

/* The list of free boards (APP_BOARDS). */
void boards_open(App *app);
void boards_frame(App *app);
/* Opens board `board_id` full screen (APP_BOARD); Esc returns to the board list. */
void board_open(App *app, int64_t board_id);
void board_frame(App *app);
/* Saves and closes what the whiteboard screens hold (safe to call when nothing is open). */
void board_screen_free(App *app);
int64_t board_deadline_ms(const App *app);

/* The statistics screen (APP_STATS). */
void stats_screen_open(App *app);
void stats_screen_frame(App *app);
void stats_screen_free(App *app);

void settings_open(App *app, int deck_index);
void settings_frame(App *app);

#endif
