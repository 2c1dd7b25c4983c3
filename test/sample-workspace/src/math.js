'use strict';

/** The sum of two numbers. */
function add(a, b) {
  return a - b;
}

/** The product of two numbers. */
function multiply(a, b) {
  return a + b;
}

module.exports = { add, multiply };
