r"""A corpus of equations of the kinds a research blog writes.

Written for sphinx-tufte's math tests: every entry must convert to MathML without a
warning, and the comparison page of the two converters was rendered from it. Grouped by
what they exercise; ``display`` entries are written as ``$$...$$`` / ``.. math::``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Equation:
    kind: str
    tex: str
    display: bool = True


def _eqs(kind: str, *texs: str, display: bool = True) -> list[Equation]:
    return [Equation(kind, tex.strip(), display) for tex in texs]


CORPUS: list[Equation] = [
    *_eqs(
        "probability",
        r"P(A \mid B) = \frac{P(B \mid A)\, P(A)}{P(B)}",
        r"P(A \cup B) = P(A) + P(B) - P(A \cap B)",
        r"\Pr[X \geq t] \leq \frac{\mathbb{E}[X]}{t}",
        r"\Pr\left[ |X - \mu| \geq k\sigma \right] \leq \frac{1}{k^2}",
        r"p(x \mid \theta) = \frac{1}{\sqrt{2\pi\sigma^2}} \exp\left( -\frac{(x-\mu)^2}{2\sigma^2} \right)",
        r"P(X = k) = \binom{n}{k} p^k (1-p)^{n-k}",
        r"P(N = k) = \frac{\lambda^k e^{-\lambda}}{k!}",
        r"p(\theta \mid \mathcal{D}) \propto p(\mathcal{D} \mid \theta)\, p(\theta)",
        r"\Pr\left[ \sum_{i=1}^n X_i \geq (1+\delta)\mu \right] \leq e^{-\delta^2 \mu / 3}",
        r"F_X(x) = \Pr[X \leq x] = \int_{-\infty}^{x} f_X(t)\, dt",
        r"P(A_1 \cap \dots \cap A_n) = \prod_{i=1}^{n} P(A_i \mid A_1, \ldots, A_{i-1})",
        r"X \sim \mathcal{N}(\mu, \sigma^2)",
        r"\operatorname{Var}(X) = \mathbb{E}[X^2] - \mathbb{E}[X]^2",
        r"\operatorname{Cov}(X, Y) = \mathbb{E}\left[ (X - \mathbb{E}X)(Y - \mathbb{E}Y) \right]",
        r"\rho_{XY} = \frac{\operatorname{Cov}(X,Y)}{\sigma_X \sigma_Y}",
    ),
    *_eqs(
        "expectation",
        r"\mathbb{E}_{x \sim p}[f(x)] = \sum_{x} p(x) f(x)",
        r"\mathbb{E}_{z \sim q_\phi(z \mid x)}\left[ \log p_\theta(x \mid z) \right] - D_{\mathrm{KL}}\left( q_\phi(z \mid x) \,\|\, p(z) \right)",
        r"\mathbb{E}[X] = \int_{-\infty}^{\infty} x f(x)\, dx",
        r"\mathbb{E}[X \mid Y = y] = \sum_x x\, P(X = x \mid Y = y)",
        r"\mathbb{E}\left[ \mathbb{E}[X \mid Y] \right] = \mathbb{E}[X]",
        r"\nabla_\theta \mathbb{E}_{x \sim p_\theta}[f(x)] = \mathbb{E}_{x \sim p_\theta}\left[ f(x) \nabla_\theta \log p_\theta(x) \right]",
        r"\mathcal{L}(\theta) = -\frac{1}{N} \sum_{n=1}^{N} \log p_\theta(y_n \mid x_n)",
        r"H(X) = -\sum_{x \in \mathcal{X}} p(x) \log_2 p(x)",
        r"D_{\mathrm{KL}}(P \,\|\, Q) = \sum_{x} P(x) \log \frac{P(x)}{Q(x)}",
        r"I(X; Y) = H(X) - H(X \mid Y)",
        r"V^\pi(s) = \mathbb{E}_\pi\left[ \sum_{t=0}^{\infty} \gamma^t r_{t+1} \,\middle|\, s_0 = s \right]",
        r"Q^*(s, a) = \mathbb{E}\left[ r + \gamma \max_{a'} Q^*(s', a') \right]",
        r"\hat{\mu}_n = \frac{1}{n} \sum_{i=1}^{n} X_i \xrightarrow{\text{a.s.}} \mu",
    ),
    *_eqs(
        "blackboard and calligraphic",
        r"f \colon \mathbb{R}^n \to \mathbb{R}",
        r"\mathbb{N} \subset \mathbb{Z} \subset \mathbb{Q} \subset \mathbb{R} \subset \mathbb{C}",
        r"\mathcal{F} = \{ f_\theta : \theta \in \Theta \}",
        r"\mathcal{O}(n \log n)",
        r"\mathcal{H} = L^2(\mathbb{R}^3, \mathbb{C})",
        r"\mathbf{x} \in \mathbb{R}^d, \quad \mathbf{W} \in \mathbb{R}^{m \times d}",
        r"\mathcal{P}(\mathcal{X}) = \{ A : A \subseteq \mathcal{X} \}",
        r"\mathscr{L}\{f\}(s) = \int_0^\infty f(t) e^{-st}\, dt",
        r"\mathfrak{g} = \mathfrak{sl}_2(\mathbb{C})",
        r"\boldsymbol{\theta}^\top \mathbf{x} + b",
    ),
    *_eqs(
        "delimiters",
        r"\left[ \frac{a}{b} \right]",
        r"\left( \sum_{i=1}^{n} a_i b_i \right)^2 \leq \left( \sum_{i=1}^{n} a_i^2 \right) \left( \sum_{i=1}^{n} b_i^2 \right)",
        r"\left\| \mathbf{x} \right\|_2 = \sqrt{\sum_i x_i^2}",
        r"\left\{ x \in \mathbb{R} : x^2 < 2 \right\}",
        r"\left\langle u, v \right\rangle = \sum_i u_i \overline{v_i}",
        r"\left\lfloor \frac{n}{2} \right\rfloor + \left\lceil \frac{n}{2} \right\rceil = n",
        r"\left. \frac{d f}{d x} \right|_{x = 0}",
        r"\bigl( a + b \bigr)^2 = \Bigl( a^2 + 2ab + b^2 \Bigr)",
        r"|x| = \sqrt{x^2}",
        r"\lvert \langle x, y \rangle \rvert \leq \lVert x \rVert \, \lVert y \rVert",
    ),
    *_eqs(
        "fractions",
        r"\frac{1}{1 + e^{-x}}",
        r"\frac{\partial \mathcal{L}}{\partial w_{ij}} = \delta_j\, a_i",
        r"\frac{d}{dx} \left( \frac{u}{v} \right) = \frac{u' v - u v'}{v^2}",
        r"\tfrac{1}{2} m v^2",
        r"\dfrac{a}{b} + \tfrac{c}{d}",
        r"x = \frac{-b \pm \sqrt{b^2 - 4ac}}{2a}",
        r"\cfrac{1}{1 + \cfrac{1}{1 + \cfrac{1}{1 + x}}}",
        r"\binom{n}{k} = \frac{n!}{k!\,(n-k)!}",
        r"\frac{\sin\theta}{\cos\theta} = \tan\theta",
        r"\phi = \frac{1 + \sqrt{5}}{2}",
    ),
    *_eqs(
        "sums and integrals",
        r"\sum_{n=1}^{\infty} \frac{1}{n^2} = \frac{\pi^2}{6}",
        r"\prod_{p \text{ prime}} \frac{1}{1 - p^{-s}} = \sum_{n=1}^{\infty} \frac{1}{n^s}",
        r"\int_0^1 x^n \, dx = \frac{1}{n+1}",
        r"\int_{-\infty}^{\infty} e^{-x^2} \, dx = \sqrt{\pi}",
        r"\oint_{\partial \Sigma} \mathbf{B} \cdot d\boldsymbol{\ell} = \mu_0 \iint_\Sigma \mathbf{J} \cdot d\mathbf{S}",
        r"\lim_{n \to \infty} \left( 1 + \frac{1}{n} \right)^n = e",
        r"\sum_{k=0}^{n} \binom{n}{k} x^k y^{n-k} = (x + y)^n",
        r"\bigcup_{i=1}^{\infty} A_i, \qquad \bigcap_{i \in I} B_i",
        r"\max_{x \in \mathcal{X}} f(x) \quad \text{subject to} \quad g(x) \leq 0",
        r"\arg\min_{\theta} \sum_{i} (y_i - \theta^\top x_i)^2 + \lambda \|\theta\|_1",
        r"\sup_{x \in A} f(x) \leq \inf_{y \in B} g(y)",
        r"\iiint_V \nabla \cdot \mathbf{F} \, dV = \oint_{\partial V} \mathbf{F} \cdot d\mathbf{S}",
    ),
    *_eqs(
        "accents and operators",
        r"\hat{y} = \sigma(\mathbf{w}^\top \mathbf{x})",
        r"\bar{x} = \frac{1}{n} \sum_i x_i",
        r"\tilde{f}(\omega) = \int f(t) e^{-i \omega t}\, dt",
        r"\vec{F} = m \vec{a}",
        r"\dot{x} = A x + B u, \qquad \ddot{\theta} + \frac{g}{\ell} \sin\theta = 0",
        r"\widehat{\theta}_{\mathrm{MLE}} = \arg\max_\theta \ell(\theta)",
        r"\overline{z w} = \bar{z}\, \bar{w}",
        r"\underbrace{a + \cdots + a}_{n \text{ times}} = n a",
        r"\overbrace{1 + 2 + \cdots + n}^{\frac{n(n+1)}{2}}",
        r"\nabla \times \mathbf{E} = -\frac{\partial \mathbf{B}}{\partial t}",
        r"\Delta u = \nabla^2 u = \frac{\partial^2 u}{\partial x^2} + \frac{\partial^2 u}{\partial y^2}",
        r"\det(A - \lambda I) = 0",
        r"\operatorname{tr}(AB) = \operatorname{tr}(BA)",
        r"x \equiv a \pmod{n}",
        r"\gcd(a, b) \cdot \operatorname{lcm}(a, b) = |ab|",
    ),
    *_eqs(
        "text",
        r"f(x) = 0 \quad \text{for all } x \in \mathbb{Q}",
        r"\text{accuracy} = \frac{\text{correct predictions}}{\text{all predictions}}",
        r"\mathrm{softmax}(z)_i = \frac{e^{z_i}}{\sum_j e^{z_j}}",
        r"\mathrm{ReLU}(x) = \max(0, x)",
        r"\text{if } n \text{ is even, then } n^2 \text{ is even}",
        r"\textbf{Theorem.}\ \textit{Every bounded monotone sequence converges.}",
    ),
    *_eqs(
        "matrices and cases",
        r"\begin{pmatrix} a & b \\ c & d \end{pmatrix}^{-1} = \frac{1}{ad - bc} \begin{pmatrix} d & -b \\ -c & a \end{pmatrix}",
        r"\begin{bmatrix} 1 & 0 & 0 \\ 0 & 1 & 0 \\ 0 & 0 & 1 \end{bmatrix}",
        r"\begin{vmatrix} a & b \\ c & d \end{vmatrix} = ad - bc",
        r"\begin{matrix} x_{11} & \cdots & x_{1n} \\ \vdots & \ddots & \vdots \\ x_{m1} & \cdots & x_{mn} \end{matrix}",
        r"|x| = \begin{cases} x & \text{if } x \geq 0 \\ -x & \text{otherwise} \end{cases}",
        r"\mathbb{1}_A(x) = \begin{cases} 1 & x \in A, \\ 0 & x \notin A. \end{cases}",
        r"f(n) = \begin{cases} n/2 & n \text{ even} \\ 3n + 1 & n \text{ odd} \end{cases}",
        r"\mathbf{J} = \begin{bmatrix} \frac{\partial f_1}{\partial x_1} & \cdots & \frac{\partial f_1}{\partial x_n} \\ \vdots & \ddots & \vdots \\ \frac{\partial f_m}{\partial x_1} & \cdots & \frac{\partial f_m}{\partial x_n} \end{bmatrix}",
        r"\Sigma = \begin{Bmatrix} \sigma_1^2 & \rho \\ \rho & \sigma_2^2 \end{Bmatrix}",
        r"\begin{Vmatrix} A \end{Vmatrix}_F = \sqrt{\sum_{i,j} a_{ij}^2}",
    ),
    *_eqs(
        "aligned",
        r"""
        \mathbb{E}[(X - \mu)^2] &= \mathbb{E}[X^2 - 2\mu X + \mu^2] \\
        &= \mathbb{E}[X^2] - \mu^2
        """,
        r"""
        \nabla \cdot \mathbf{E} &= \frac{\rho}{\varepsilon_0} & \nabla \cdot \mathbf{B} &= 0 \\
        \nabla \times \mathbf{E} &= -\partial_t \mathbf{B} & \nabla \times \mathbf{B} &= \mu_0 \mathbf{J} + \mu_0 \varepsilon_0 \partial_t \mathbf{E}
        """,
        r"""
        \begin{aligned}
        (a + b)^2 &= (a + b)(a + b) \\
                  &= a^2 + 2ab + b^2
        \end{aligned}
        """,
        r"""
        \log p(x) &\geq \mathbb{E}_{q}\left[ \log p(x, z) - \log q(z) \right] \\
                  &= \mathcal{L}(q)
        """,
        r"""
        h_t &= \tanh(W_h h_{t-1} + W_x x_t + b) \\
        y_t &= \mathrm{softmax}(W_y h_t)
        """,
    ),
    *_eqs(
        "greek and misc",
        r"\alpha + \beta + \gamma + \delta + \epsilon + \varepsilon + \zeta + \eta",
        r"\Gamma(z) = \int_0^\infty t^{z-1} e^{-t}\, dt",
        r"\zeta(s) = \sum_{n=1}^{\infty} n^{-s}",
        r"e^{i\pi} + 1 = 0",
        r"\forall \epsilon > 0\ \exists \delta > 0 : |x - a| < \delta \implies |f(x) - f(a)| < \epsilon",
        r"A \Rightarrow B \iff \neg B \Rightarrow \neg A",
        r"\sqrt[3]{x^3 + y^3}",
        r"a_{n+1} = a_n + a_{n-1}, \quad a_0 = 0,\ a_1 = 1",
        r"x_{i,j}^{(k)} \leftarrow x_{i,j}^{(k-1)} - \eta\, g_{i,j}",
        r"f \circ g \neq g \circ f",
        r"\partial_\mu F^{\mu\nu} = J^\nu",
        r"\hbar \frac{\partial}{\partial t} \Psi = \hat{H} \Psi",
        r"A^\dagger A \succeq 0",
        r"\mathbf{u} \perp \mathbf{v} \iff \mathbf{u} \cdot \mathbf{v} = 0",
        r"\sim \approx \simeq \cong \equiv \propto \ll \gg",
    ),
    *_eqs(
        "inline",
        r"p(x)",
        r"\mathbb{E}[X]",
        r"x_i^2",
        r"\tfrac{1}{2}",
        r"O(n^2)",
        r"\alpha \in (0, 1)",
        r"\theta^\star",
        r"\mathcal{D} = \{(x_i, y_i)\}_{i=1}^N",
        r"\|x\|_\infty",
        r"\hat{\beta}",
        r"\big( a + b \big)^2",
        r"\Bigl[ x \Bigm| y \Bigr]",
        display=False,
    ),
]
