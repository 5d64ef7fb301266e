/**
 * Geometry, colours and scoring of the Breakout lookalike, in screen pixels of the ALE's
 * 210 x 160 frame (spec rl.md 3.2). Positions are inclusive starts with exclusive ends.
 */

/** Frame height in pixels, as ALE's `getScreenRGB`. */
export const SCREEN_HEIGHT = 210;
/** Frame width in pixels. */
export const SCREEN_WIDTH = 160;

/** The grey of the walls and the score digits. */
export const WALL_COLOUR: Rgb = [142, 142, 142];
/** Top wall rows `[17, 32)`. */
export const TOP_WALL_Y = 17;
export const TOP_WALL_END_Y = 32;
/** Side walls are 8 px wide and run from the top wall down to the bottom of the play area. */
export const SIDE_WALL_WIDTH = 8;
export const SIDE_WALL_END_Y = 196;
/** Playfield columns between the side walls: `[8, 152)`. */
export const PLAY_LEFT = SIDE_WALL_WIDTH;
export const PLAY_RIGHT = SCREEN_WIDTH - SIDE_WALL_WIDTH;

/** 6 rows of 18 bricks of 8 x 6 px, the first at (x 8, y 57). */
export const BRICK_ROWS = 6;
export const BRICK_COLS = 18;
export const BRICK_COUNT = BRICK_ROWS * BRICK_COLS;
export const BRICK_WIDTH = 8;
export const BRICK_HEIGHT = 6;
export const BRICK_X0 = 8;
export const BRICK_Y0 = 57;
/** Points per brick by row, top to bottom: 7, 7, 4, 4, 1, 1 (432 per wall). */
export const ROW_POINTS: readonly number[] = [7, 7, 4, 4, 1, 1];
/** Brick colours by row, top to bottom. */
export const ROW_COLOURS: readonly Rgb[] = [
  [200, 72, 72],
  [198, 108, 58],
  [180, 122, 48],
  [162, 162, 42],
  [72, 160, 72],
  [66, 72, 200],
];
/** Walls per game: the second appears when the first is cleared; clearing it ends the game. */
export const WALLS_PER_GAME = 2;

/** Paddle: 4 px tall at y 189, 16 px wide, 12 px after the ball first reaches the top wall. */
export const PADDLE_Y = 189;
export const PADDLE_HEIGHT = 4;
export const PADDLE_WIDTH = 16;
export const PADDLE_NARROW_WIDTH = 12;
/** Paddle and ball share the top row's colour. */
export const PADDLE_COLOUR: Rgb = [200, 72, 72];
/** Largest paddle speed in px per frame. */
export const PADDLE_MAX_SPEED = 6;
/** Speed change per frame while a direction is held (frame 0, 1, ...); +1 after the list. */
export const PADDLE_ACCELERATION: readonly number[] = [3, 2, -1, 1, 1];

/** Ball: 2 x 4 px, served at y 122. */
export const BALL_WIDTH = 2;
export const BALL_HEIGHT = 4;
export const SERVE_Y = 122;
/** A ball whose top reaches this row is lost. */
export const LOST_Y = 196;
/**
 * Ball positions are kept in 1/8 px so that speeds can be fractional while the state stays
 * integer (exact, and trivially serialisable).
 */
export const SUBPIXELS = 8;
/** Vertical ball speed per speed level, in 1/8 px per frame (1.5, 2, 2.5, 3 px). */
export const BALL_SPEEDS: readonly number[] = [12, 16, 20, 24];
/** Paddle hits after which the speed level rises to at least 1 and 2. */
export const SPEED_UP_HITS: readonly number[] = [4, 12];
/** Rows whose bricks send the ball to the top speed (the two top rows). */
export const FAST_ROWS = 2;

/** Lives at the start of a game. */
export const START_LIVES = 5;

/** Score digits: 3 x 5 glyph cells of 4 x 2 px at the top of the screen. */
export const DIGIT_Y = 5;
export const SCORE_X = 36;
export const LIVES_X = 104;

/** An RGB colour. */
export type Rgb = readonly [number, number, number];
