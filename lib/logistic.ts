// Logistic regression with an L2 penalty, fitted by Newton's method on sparse rows (one-hot
// indicators, mostly). No randomness anywhere, so a fit on the same rows is the same fit.

import { LeadDataError } from './errors';

// A lead as features: the indices that are not zero, and their values (1 for an indicator).
export interface SparseRow {
	indices: number[];
	values: number[];
}

export interface LogisticFit {
	intercept: number;
	weights: number[];
}

export interface LogisticOptions {
	// The penalty on the sum of squared weights (not the intercept); larger shrinks more.
	l2: number;
	iterations?: number;
}

export function fitLogistic(
	rows: SparseRow[],
	outcomes: boolean[],
	features: number,
	options: LogisticOptions,
): LogisticFit {
	// Parameter 0 is the intercept; feature j is parameter j + 1.
	const size = features + 1;
	let theta = new Float64Array(size);
	const positives = outcomes.filter(Boolean).length;
	theta[0] = Math.log(positives / (outcomes.length - positives));
	let loss = penalizedLoss(rows, outcomes, theta, options.l2);

	for (let iteration = 0; iteration < (options.iterations ?? 50); iteration++) {
		const { gradient, hessian } = derivatives(rows, outcomes, theta, options.l2);
		const step = solveCholesky(hessian, gradient, size);

		// Halve the step until the loss goes down: Newton can overshoot on nearly separable data.
		let scale = 1;
		let next = theta;
		let nextLoss = loss;
		for (let halving = 0; halving < 30; halving++) {
			const candidate = theta.map((value, index) => value - scale * step[index]);
			const candidateLoss = penalizedLoss(rows, outcomes, candidate, options.l2);
			if (candidateLoss <= loss) {
				next = candidate;
				nextLoss = candidateLoss;
				break;
			}
			scale /= 2;
		}
		const moved = Math.max(...step.map((value) => Math.abs(value * scale)));
		theta = next;
		const improvement = loss - nextLoss;
		loss = nextLoss;
		if (moved < 1e-9 || improvement < 1e-12) break;
	}
	return { intercept: theta[0], weights: Array.from(theta.subarray(1)) };
}

export function linearScore(fit: LogisticFit, row: SparseRow): number {
	let sum = fit.intercept;
	row.indices.forEach((feature, at) => (sum += fit.weights[feature] * row.values[at]));
	return sum;
}

function rowLinear(theta: Float64Array, row: SparseRow): number {
	let sum = theta[0];
	row.indices.forEach((feature, at) => (sum += theta[feature + 1] * row.values[at]));
	return sum;
}

function penalizedLoss(
	rows: SparseRow[],
	outcomes: boolean[],
	theta: Float64Array,
	l2: number,
): number {
	let loss = 0;
	rows.forEach((row, index) => {
		const z = rowLinear(theta, row);
		// log(1 + e^z) written so that neither a large nor a very negative z overflows.
		const softplus = z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z));
		loss += softplus - (outcomes[index] ? z : 0);
	});
	for (let at = 1; at < theta.length; at++) loss += (l2 / 2) * theta[at] * theta[at];
	return loss;
}

function derivatives(rows: SparseRow[], outcomes: boolean[], theta: Float64Array, l2: number) {
	const size = theta.length;
	const gradient = new Float64Array(size);
	const hessian = new Float64Array(size * size);
	rows.forEach((row, index) => {
		const p = 1 / (1 + Math.exp(-rowLinear(theta, row)));
		const residual = p - (outcomes[index] ? 1 : 0);
		const weight = p * (1 - p);
		const at = [0, ...row.indices.map((feature) => feature + 1)];
		const values = [1, ...row.values];
		for (let a = 0; a < at.length; a++) {
			gradient[at[a]] += residual * values[a];
			for (let b = 0; b < at.length; b++) {
				hessian[at[a] * size + at[b]] += weight * values[a] * values[b];
			}
		}
	});
	for (let at = 1; at < size; at++) {
		gradient[at] += l2 * theta[at];
		hessian[at * size + at] += l2;
	}
	// A tiny ridge on the intercept keeps the system solvable when every lead has one outcome
	// in some column's group; it changes no fit measurably.
	hessian[0] += 1e-9;
	return { gradient, hessian };
}

// Solves H x = g for a symmetric positive definite H (row-major, size x size).
function solveCholesky(hessian: Float64Array, gradient: Float64Array, size: number): Float64Array {
	const lower = new Float64Array(size * size);
	for (let i = 0; i < size; i++) {
		for (let j = 0; j <= i; j++) {
			let sum = hessian[i * size + j];
			for (let k = 0; k < j; k++) sum -= lower[i * size + k] * lower[j * size + k];
			if (i === j) {
				if (sum <= 0) {
					throw new LeadDataError(
						'The regression could not be solved: the features are degenerate',
						'raise the penalty, or remove columns that repeat another column',
					);
				}
				lower[i * size + i] = Math.sqrt(sum);
			} else {
				lower[i * size + j] = sum / lower[j * size + j];
			}
		}
	}
	const forward = new Float64Array(size);
	for (let i = 0; i < size; i++) {
		let sum = gradient[i];
		for (let k = 0; k < i; k++) sum -= lower[i * size + k] * forward[k];
		forward[i] = sum / lower[i * size + i];
	}
	const solution = new Float64Array(size);
	for (let i = size - 1; i >= 0; i--) {
		let sum = forward[i];
		for (let k = i + 1; k < size; k++) sum -= lower[k * size + i] * solution[k];
		solution[i] = sum / lower[i * size + i];
	}
	return solution;
}
