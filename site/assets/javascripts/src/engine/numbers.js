// Exact rational numbers (Q): credits as fractions, rounded like Python's Decimal.
// Part of the browser engine (index.js is its public API); moved unchanged from ecm-engine.js.


/* ------------------------------------------------------------------ exact numbers */

function gcd(a, b) {
  a = Math.abs(a);
  b = Math.abs(b);
  while (b) [a, b] = [b, a % b];
  return a || 1;
}

/** An exact fraction n/d with d > 0, reduced. */
class Q {
  constructor(n, d = 1) {
    if (!Number.isSafeInteger(n) || !Number.isSafeInteger(d) || d === 0) {
      throw new RangeError(`not an exact fraction: ${n}/${d}`);
    }
    if (d < 0) {
      n = -n;
      d = -d;
    }
    const g = gcd(n, d);
    this.n = n / g;
    this.d = d / g;
  }

  /** Parse a JSON number, a decimal string ("0.25") or a fraction string ("2/5"). */
  static of(value) {
    if (value instanceof Q) return value;
    if (typeof value === "boolean" || value === null || value === undefined) {
      throw new TypeError(`not a number: ${value}`);
    }
    // String() first, as the Python does with Decimal(str(x)): 0.1 stays 1/10.
    const text = String(value).trim();
    const frac = /^(-?\d+)\/(\d+)$/.exec(text);
    if (frac) return new Q(Number(frac[1]), Number(frac[2]));
    const dec = /^(-?)(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/i.exec(text);
    if (!dec || (dec[2] === "" && !dec[3])) throw new TypeError(`not a number: ${value}`);
    const digits = (dec[2] || "0") + (dec[3] || "");
    let scale = (dec[3] || "").length - Number(dec[4] || 0);
    let n = Number(digits) * (dec[1] ? -1 : 1);
    let d = 1;
    if (scale < 0) {
      n *= 10 ** -scale;
      scale = 0;
    }
    d = 10 ** scale;
    return new Q(n, d);
  }

  add(o) {
    o = Q.of(o);
    return new Q(this.n * o.d + o.n * this.d, this.d * o.d);
  }
  sub(o) {
    o = Q.of(o);
    return new Q(this.n * o.d - o.n * this.d, this.d * o.d);
  }
  mul(o) {
    o = Q.of(o);
    return new Q(this.n * o.n, this.d * o.d);
  }
  div(o) {
    o = Q.of(o);
    return new Q(this.n * o.d, this.d * o.n);
  }
  neg() {
    return new Q(-this.n, this.d);
  }
  cmp(o) {
    o = Q.of(o);
    const l = this.n * o.d;
    const r = o.n * this.d;
    return l < r ? -1 : l > r ? 1 : 0;
  }
  lt(o) {
    return this.cmp(o) < 0;
  }
  le(o) {
    return this.cmp(o) <= 0;
  }
  gt(o) {
    return this.cmp(o) > 0;
  }
  ge(o) {
    return this.cmp(o) >= 0;
  }
  eq(o) {
    return this.cmp(o) === 0;
  }
  isZero() {
    return this.n === 0;
  }
  /** Largest integer <= this. */
  floor() {
    return new Q(Math.floor(this.n / this.d));
  }
  /** Smallest integer >= this. */
  ceil() {
    return new Q(Math.ceil(this.n / this.d));
  }
  /** Round to `places` decimals, halves away from zero (Python's ROUND_HALF_UP). */
  roundHalfUp(places = 1) {
    const scale = 10 ** places;
    const scaled = Math.abs(this.n) * scale;
    const whole = Math.floor(scaled / this.d);
    const rest = scaled - whole * this.d;
    const up = rest * 2 >= this.d ? 1 : 0;
    return new Q(Math.sign(this.n) * (whole + up), scale);
  }
  /** Round to `places` decimals, halves toward zero (Python's ROUND_HALF_DOWN). */
  roundHalfDown(places = 0) {
    const scale = 10 ** places;
    const scaled = Math.abs(this.n) * scale;
    const whole = Math.floor(scaled / this.d);
    const rest = scaled - whole * this.d;
    const up = rest * 2 > this.d ? 1 : 0;
    return new Q(Math.sign(this.n) * (whole + up), scale);
  }
  /** Round to `places` decimals toward -infinity ("floor") or +infinity ("ceil"). */
  quantize(places, mode) {
    const scale = 10 ** places;
    const scaled = this.n * scale;
    const whole = mode === "ceil" ? Math.ceil(scaled / this.d) : Math.floor(scaled / this.d);
    return new Q(whole, scale);
  }
  toNumber() {
    return this.n / this.d;
  }
  toString() {
    return String(this.toNumber());
  }
  static min(a, b) {
    return Q.of(a).le(b) ? Q.of(a) : Q.of(b);
  }
  static max(a, b) {
    return Q.of(a).ge(b) ? Q.of(a) : Q.of(b);
  }
  static sum(list) {
    return list.reduce((acc, x) => acc.add(x), ZERO);
  }
}
const ZERO = new Q(0);

/** Credits as Python's Decimal.quantize(Decimal("0.1"), ROUND_HALF_UP). */
function credits(q) {
  return Q.of(q).roundHalfUp(1);
}

export { gcd, Q, ZERO, credits };
