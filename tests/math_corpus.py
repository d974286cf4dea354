r"""A corpus of equations of the kinds a research blog writes.

Written for sphinx-tufte's math tests: every entry must convert to MathML without a
warning, and ``benchmarks/math_engines.py`` compares the converters on it against
KaTeX. Grouped by what they exercise; ``display`` entries are written as ``$$...$$`` /
``.. math::``.
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
    *_eqs(
        "derivations with row gaps",
        r"""
        \begin{aligned}
        \log p_\theta(x) &= \log \int p_\theta(x, z)\, dz \\[4pt]
        &= \log \mathbb{E}_{q_\phi(z \mid x)}\left[ \frac{p_\theta(x, z)}{q_\phi(z \mid x)} \right] \\[4pt]
        &\geq \mathbb{E}_{q_\phi(z \mid x)}\left[ \log \frac{p_\theta(x, z)}{q_\phi(z \mid x)} \right]
        \end{aligned}
        """,
        r"""
        \mathcal{L}(\theta, \phi; x) &= \mathbb{E}_{q_\phi}\left[ \log p_\theta(x \mid z) \right] - D_{\mathrm{KL}}\left( q_\phi(z \mid x) \,\|\, p(z) \right) \\[10pt]
        &= -\frac{1}{2} \sum_{j=1}^{J} \left( \mu_j^2 + \sigma_j^2 - \log \sigma_j^2 - 1 \right) + \mathbb{E}_{q_\phi}\left[ \log p_\theta(x \mid z) \right]
        """,
        r"""
        \nabla_\theta J(\theta) &= \nabla_\theta \sum_{\tau} p_\theta(\tau) R(\tau) \\[6pt]
        &= \sum_{\tau} p_\theta(\tau) \nabla_\theta \log p_\theta(\tau) R(\tau) \\[6pt]
        &= \mathbb{E}_{\tau \sim p_\theta}\left[ \sum_{t=0}^{T} \nabla_\theta \log \pi_\theta(a_t \mid s_t) R(\tau) \right]
        """,
        r"""
        \begin{gathered}
        \mathbf{h}_t = \sigma(W \mathbf{x}_t + U \mathbf{h}_{t-1}) \\[8pt]
        \mathbf{y}_t = \mathrm{softmax}(V \mathbf{h}_t)
        \end{gathered}
        """,
        r"""
        \operatorname{Var}(\hat{\theta}) &= \mathbb{E}\big[ (\hat{\theta} - \mathbb{E}\hat{\theta})^2 \big] \\[1ex]
        &= \mathbb{E}[\hat{\theta}^2] - (\mathbb{E}\hat{\theta})^2
        """,
        r"""
        \begin{aligned}
        \mathrm{MSE}(\hat{\theta}) &= \mathbb{E}\left[ (\hat{\theta} - \theta)^2 \right] \\[2mm]
        &= \operatorname{Var}(\hat{\theta}) + \operatorname{Bias}(\hat{\theta})^2
        \end{aligned}
        """,
        r"""
        p(y \mid x) = \frac{p(x \mid y) p(y)}{p(x)} \\[5pt]
        p(x) = \sum_{y'} p(x \mid y') p(y')
        """,
        r"""
        \begin{aligned}
        m_t &= \beta_1 m_{t-1} + (1 - \beta_1) g_t \\[3pt]
        v_t &= \beta_2 v_{t-1} + (1 - \beta_2) g_t^2 \\[3pt]
        \hat{m}_t &= \frac{m_t}{1 - \beta_1^t}, \quad \hat{v}_t = \frac{v_t}{1 - \beta_2^t} \\[3pt]
        \theta_t &= \theta_{t-1} - \alpha \frac{\hat{m}_t}{\sqrt{\hat{v}_t} + \epsilon}
        \end{aligned}
        """,
        r"""
        \begin{gathered}
        a^2 + b^2 = c^2 \\
        a = c \cos\theta, \quad b = c \sin\theta
        \end{gathered}
        """,
        r"""
        \begin{gather*}
        Z = \sum_{x} e^{-E(x)/T} \\
        p(x) = \frac{1}{Z} e^{-E(x)/T}
        \end{gather*}
        """,
        r"""
        \begin{align*}
        \mathbb{E}[\hat{\sigma}^2] &= \frac{1}{n} \sum_{i=1}^n \mathbb{E}\left[ (X_i - \bar{X})^2 \right] \\[0.5em]
        &= \frac{n-1}{n} \sigma^2
        \end{align*}
        """,
        r"""
        \begin{split}
        f(x) &= (x + 1)^3 \\
             &= x^3 + 3x^2 + 3x + 1
        \end{split}
        """,
    ),
    *_eqs(
        "primes",
        r"f'(x) = \lim_{h \to 0} \frac{f(x + h) - f(x)}{h}",
        r"f''(x) > 0 \implies f \text{ is convex}",
        r"y''' + 3 y'' - y' + y = 0",
        r"\max(m, m') \leq m + m'",
        r"Q(s', a') \leftarrow r + \gamma \max_{a''} Q(s'', a'')",
        r"x'_i = \frac{x_i - \mu}{\sigma}",
        r"g'(f(x))\, f'(x)",
        r"\theta' = \theta - \eta \nabla_\theta \mathcal{L}(\theta)",
        r"(f \circ g)'(x) = f'(g(x))\, g'(x)",
        r"m'^2 + n'^2 = 1",
        r"A'B' \parallel AB",
        r"\mathbb{E}[X'] = \mathbb{E}[X]",
    ),
    *_eqs(
        "operator names",
        r"\hat{\theta} = \operatorname*{arg\,max}_{\theta \in \Theta} \sum_{i=1}^n \log p(x_i \mid \theta)",
        r"w^\star = \operatorname*{arg\,min}_{w} \|Xw - y\|_2^2 + \lambda \|w\|_2^2",
        r"\pi^*(s) = \operatorname*{arg\,max}_{a \in \mathcal{A}} Q^*(s, a)",
        r"\operatorname*{ess\,sup}_{x \in \Omega} |f(x)|",
        r"\operatorname{rank}(A) + \operatorname{nullity}(A) = n",
        r"\operatorname{diag}(\lambda_1, \ldots, \lambda_n)",
        r"\operatorname{sign}(x) \cdot |x| = x",
        r"\operatorname{KL}(p \,\|\, q) \geq 0",
        r"\beta\log Z(x) = \beta \log \sum_y \pi_{\mathrm{ref}}(y \mid x) \exp\left( \frac{r(x, y)}{\beta} \right)",
        r"\alpha\exp(-\beta t) + \gamma\sin(\omega t)",
        r"\liminf_{n \to \infty} a_n \leq \limsup_{n \to \infty} a_n",
        r"\det\left( \frac{\partial f}{\partial x} \right) \neq 0",
        r"\dim \ker T + \dim \operatorname{im} T = \dim V",
        r"\Pr\left( \max_{1 \leq k \leq n} |S_k| \geq \lambda \right) \leq \frac{\operatorname{Var}(S_n)}{\lambda^2}",
    ),
    *_eqs(
        "fonts",
        r"\mathbb{R}^{n \times n}, \ \mathbb{Z}_p, \ \mathbb{F}_2, \ \mathbb{P}(A)",
        r"\mathcal{A}, \mathcal{B}, \mathcal{C}, \mathcal{X}, \mathcal{Y}, \mathcal{Z}",
        r"\mathrm{d}x, \ \mathrm{e}^{i\theta}, \ \mathrm{T}",
        r"\boldsymbol{\mu} = \frac{1}{N} \sum_n \mathbf{x}_n",
        r"\boldsymbol{\Sigma} = \frac{1}{N} \sum_n (\mathbf{x}_n - \boldsymbol{\mu})(\mathbf{x}_n - \boldsymbol{\mu})^\top",
        r"\mathbf{A}\mathbf{x} = \mathbf{b}",
        r"\mathit{loss} = \mathit{data} + \mathit{reg}",
        r"\mathsf{P} \neq \mathsf{NP}",
        r"\mathtt{softmax}(\mathbf{z})",
        r"\mathrm{GELU}(x) = x\, \Phi(x)",
        r"\mathcal{N}(\mathbf{x} \mid \boldsymbol{\mu}, \boldsymbol{\Sigma}) = \frac{1}{(2\pi)^{d/2} |\boldsymbol{\Sigma}|^{1/2}} \exp\left( -\tfrac{1}{2} (\mathbf{x} - \boldsymbol{\mu})^\top \boldsymbol{\Sigma}^{-1} (\mathbf{x} - \boldsymbol{\mu}) \right)",
        r"\boldsymbol{\alpha} \sim \mathrm{Dir}(\boldsymbol{\eta})",
    ),
    *_eqs(
        "text in math",
        r"\text{precision} = \frac{\text{TP}}{\text{TP} + \text{FP}}, \qquad \text{recall} = \frac{\text{TP}}{\text{TP} + \text{FN}}",
        r"F_1 = 2 \cdot \frac{\text{precision} \cdot \text{recall}}{\text{precision} + \text{recall}}",
        r"h = \tanh(x) \quad \text{where } x = W v + b",
        r"\text{loss}(\theta) = \text{cross-entropy}(y, \hat{y}) + \lambda \|\theta\|^2",
        r"\lambda_{\text{max}} = \max_{\|v\| = 1} v^\top A v",
        r"T_{\text{eff}} = T \cdot \frac{\text{tokens}}{\text{second}}",
        r"\text{for } t = 1, \ldots, T: \quad x_{t+1} = x_t - \eta g_t",
        r"p_{\text{data}}(x) \approx p_{\text{model}}(x)",
        r"\mathcal{L}_{\text{total}} = \mathcal{L}_{\text{task}} + \beta \mathcal{L}_{\text{aux}}",
        r"\text{Attention weights sum to one: } \sum_j \alpha_{ij} = 1",
    ),
    *_eqs(
        "sized delimiters",
        r"\{ a_i \}_{i=1}^n",
        r"\left\{ a_i \right\}_{i \in I}",
        r"\left\{ \frac{x}{y} : y \neq 0 \right\}",
        r"\big( \mathbb{E}[X] \big)^2 \leq \mathbb{E}[X^2]",
        r"\Big[ \sum_i x_i \Big] \quad \bigg\{ \prod_j y_j \bigg\} \quad \Bigg( \int f \Bigg)",
        r"\bigl\| x - y \bigr\|_2",
        r"\Bigl\langle \phi(x), \phi(y) \Bigr\rangle = k(x, y)",
        r"\left( \frac{1}{n} \sum_{i=1}^n |x_i|^p \right)^{1/p}",
        r"\left[ \begin{array}{c|c} A & B \\ \hline C & D \end{array} \right]",
        r"\left. \frac{\partial^2 f}{\partial x^2} \right|_{x = x_0}",
        r"\biggl( \frac{a}{b} \biggr)^{\!2}",
        r"\left\lvert \sum_{k=1}^n a_k \right\rvert \leq \sum_{k=1}^n |a_k|",
    ),
    *_eqs(
        "norms",
        r"\|x\|_p = \left( \sum_{i=1}^n |x_i|^p \right)^{1/p}",
        r"\|A\|_F = \sqrt{\operatorname{tr}(A^\top A)}",
        r"\|A\|_2 = \sigma_{\max}(A)",
        r"\lVert f \rVert_{L^2} = \left( \int |f|^2 \right)^{1/2}",
        r"\| x + y \| \leq \|x\| + \|y\|",
        r"\left\| \nabla f(x) - \nabla f(y) \right\| \leq L \|x - y\|",
        r"\|w\|_1 = \sum_j |w_j|",
        r"\|x\|_\infty = \max_i |x_i|",
    ),
    *_eqs(
        "expectations and divergences",
        r"D_{\mathrm{KL}}(p \,\|\, q) = \int p(x) \log \frac{p(x)}{q(x)}\, dx",
        r"D_{\mathrm{KL}}\big( \mathcal{N}(\mu_1, \sigma_1^2) \,\big\|\, \mathcal{N}(\mu_2, \sigma_2^2) \big) = \log \frac{\sigma_2}{\sigma_1} + \frac{\sigma_1^2 + (\mu_1 - \mu_2)^2}{2 \sigma_2^2} - \frac{1}{2}",
        r"D_{\mathrm{JS}}(P \,\|\, Q) = \tfrac{1}{2} D_{\mathrm{KL}}(P \,\|\, M) + \tfrac{1}{2} D_{\mathrm{KL}}(Q \,\|\, M)",
        r"W_1(P, Q) = \inf_{\gamma \in \Pi(P, Q)} \mathbb{E}_{(x, y) \sim \gamma}\left[ \|x - y\| \right]",
        r"H(p, q) = -\mathbb{E}_{x \sim p}[\log q(x)] = H(p) + D_{\mathrm{KL}}(p \,\|\, q)",
        r"\mathbb{E}_{x \sim \mathcal{D}}\left[ \ell(f(x), y) \right] \leq \hat{\mathbb{E}}_n[\ell] + \sqrt{\frac{\log(1/\delta)}{2n}}",
        r"\mathbb{E}[e^{tX}] = e^{\mu t + \sigma^2 t^2 / 2}",
        r"\operatorname{Var}\left( \sum_{i=1}^n X_i \right) = \sum_{i=1}^n \operatorname{Var}(X_i) + 2 \sum_{i < j} \operatorname{Cov}(X_i, X_j)",
        r"\mathbb{E}_{q}\left[ \log \frac{p(x, z)}{q(z)} \right] = \log p(x) - D_{\mathrm{KL}}\left( q(z) \,\|\, p(z \mid x) \right)",
        r"I(X; Y) = D_{\mathrm{KL}}\left( p(x, y) \,\|\, p(x) p(y) \right)",
        r"\mathbb{E}_{\epsilon \sim \mathcal{N}(0, I)}\left[ \left\| \epsilon - \epsilon_\theta(\sqrt{\bar{\alpha}_t} x_0 + \sqrt{1 - \bar{\alpha}_t} \epsilon, t) \right\|^2 \right]",
        r"\mathrm{ELBO} = \mathbb{E}_{q(z)}[\log p(x \mid z)] - \mathrm{KL}(q(z) \,\|\, p(z))",
    ),
    *_eqs(
        "softmax and attention",
        r"\mathrm{softmax}(\mathbf{z})_i = \frac{\exp(z_i / \tau)}{\sum_{j=1}^{K} \exp(z_j / \tau)}",
        r"\mathrm{Attention}(Q, K, V) = \mathrm{softmax}\left( \frac{Q K^\top}{\sqrt{d_k}} \right) V",
        r"\mathrm{MultiHead}(Q, K, V) = \mathrm{Concat}(\mathrm{head}_1, \ldots, \mathrm{head}_h) W^O",
        r"\mathrm{head}_i = \mathrm{Attention}(Q W_i^Q, K W_i^K, V W_i^V)",
        r"\alpha_{ij} = \frac{\exp(e_{ij})}{\sum_{k=1}^{T_x} \exp(e_{ik})}, \quad e_{ij} = a(s_{i-1}, h_j)",
        r"\mathrm{LayerNorm}(x) = \gamma \odot \frac{x - \mu}{\sqrt{\sigma^2 + \epsilon}} + \beta",
        r"\mathrm{FFN}(x) = \max(0, x W_1 + b_1) W_2 + b_2",
        r"PE_{(pos, 2i)} = \sin\left( \frac{pos}{10000^{2i / d_{\text{model}}}} \right)",
        r"\log \sigma\left( \beta \log \frac{\pi_\theta(y_w \mid x)}{\pi_{\mathrm{ref}}(y_w \mid x)} - \beta \log \frac{\pi_\theta(y_l \mid x)}{\pi_{\mathrm{ref}}(y_l \mid x)} \right)",
        r"\mathcal{L}_{\mathrm{CLIP}}(\theta) = \hat{\mathbb{E}}_t\left[ \min\left( r_t(\theta) \hat{A}_t, \operatorname{clip}(r_t(\theta), 1 - \epsilon, 1 + \epsilon) \hat{A}_t \right) \right]",
        r"\sigma(x) = \frac{1}{1 + e^{-x}}, \qquad \sigma'(x) = \sigma(x)\left( 1 - \sigma(x) \right)",
        r"\mathrm{logsumexp}(x) = m + \log \sum_i e^{x_i - m}, \quad m = \max_i x_i",
    ),
    *_eqs(
        "gradients",
        r"\nabla_{\mathbf{x}} f = \left( \frac{\partial f}{\partial x_1}, \ldots, \frac{\partial f}{\partial x_n} \right)^\top",
        r"\frac{\partial \mathcal{L}}{\partial W^{(l)}} = \delta^{(l)} \left( a^{(l-1)} \right)^\top",
        r"\delta^{(l)} = \left( W^{(l+1)} \right)^\top \delta^{(l+1)} \odot \sigma'(z^{(l)})",
        r"\nabla^2 f(x) = \left[ \frac{\partial^2 f}{\partial x_i \partial x_j} \right]_{i,j=1}^n",
        r"\theta_{t+1} = \theta_t - \eta_t \nabla_\theta \mathcal{L}(\theta_t; \mathcal{B}_t)",
        r"\frac{d}{dt} \mathbf{x}(t) = -\nabla V(\mathbf{x}(t))",
        r"\nabla_\theta \log \pi_\theta(a \mid s) \, \hat{A}(s, a)",
        r"\frac{\partial}{\partial \mu} \log \mathcal{N}(x \mid \mu, \sigma^2) = \frac{x - \mu}{\sigma^2}",
        r"g_t = \nabla_\theta f_t(\theta_{t-1}), \quad \|g_t\|_2 \leq G",
        r"\mathbf{J}_f(\mathbf{x}) = \frac{\partial (f_1, \ldots, f_m)}{\partial (x_1, \ldots, x_n)}",
        r"\nabla \cdot (\rho \mathbf{v}) + \frac{\partial \rho}{\partial t} = 0",
    ),
    *_eqs(
        "sums products limits integrals",
        r"\sum_{i=1}^{n} \sum_{j=1}^{m} a_{ij} = \sum_{j=1}^{m} \sum_{i=1}^{n} a_{ij}",
        r"\prod_{i=1}^{n} (1 + x_i) \geq 1 + \sum_{i=1}^{n} x_i",
        r"\lim_{x \to 0} \frac{\sin x}{x} = 1",
        r"\lim_{n \to \infty} \Pr\left[ \left| \bar{X}_n - \mu \right| > \epsilon \right] = 0",
        r"\int_{\mathbb{R}^d} p(\mathbf{x})\, d\mathbf{x} = 1",
        r"\int_a^b f(x)\, dx = F(b) - F(a)",
        r"\iint_D f(x, y)\, dx\, dy",
        r"\sum_{\substack{1 \leq i < j \leq n \\ i + j \text{ odd}}} a_i a_j",
        r"\int_0^\infty \frac{x^{s-1}}{e^x - 1}\, dx = \Gamma(s) \zeta(s)",
        r"\lim_{h \to 0^+} \frac{f(x + h) - f(x)}{h}",
        r"\sum_{k=1}^\infty \frac{(-1)^{k+1}}{k} = \ln 2",
        r"\prod_{k=1}^{\infty} \left( 1 - \frac{x^2}{k^2 \pi^2} \right) = \frac{\sin x}{x}",
        r"\bigoplus_{i=1}^n V_i, \qquad \bigotimes_{j=1}^m W_j",
        r"\int_{-\pi}^{\pi} \cos(mx) \cos(nx)\, dx = \pi \delta_{mn}",
    ),
    *_eqs(
        "relations in scripts",
        r"\sum_{i \leq j \leq k} x_{ijk}",
        r"\max_{\|v\| \leq 1} v^\top A v",
        r"\min_{x : Ax = b} \|x\|_1",
        r"\bigcup_{n \geq 1} A_n",
        r"x_{t \mid t-1} = F x_{t-1 \mid t-1}",
        r"P_{\theta \to \theta'} = \min\left( 1, \frac{p(\theta')}{p(\theta)} \right)",
        r"\sum_{x \in \mathcal{X},\, y \in \mathcal{Y}} p(x, y)",
        r"a_{n+1} = a_n + \sum_{k < n} b_k",
        r"\inf_{f \in \mathcal{F}} \sup_{g \in \mathcal{G}} V(f, g)",
        r"\lim_{\epsilon \to 0} \int_{|x| > \epsilon} \frac{f(x)}{x}\, dx",
    ),
    *_eqs(
        "over and under",
        r"\underbrace{x_1 + x_2 + \cdots + x_n}_{n \text{ terms}} = \overbrace{S_n}^{\text{sum}}",
        r"A \overset{\text{def}}{=} B",
        r"a \overset{!}{=} b",
        r"X_n \xrightarrow{d} X, \qquad Y_n \xrightarrow[n \to \infty]{\text{a.s.}} Y",
        r"A \xleftarrow{f} B",
        r"\underset{x \in \mathbb{R}}{\mathrm{minimize}} \; f(x)",
        r"Z \stackrel{\text{i.i.d.}}{\sim} \mathcal{N}(0, 1)",
        r"x_1, \ldots, x_n \overset{\text{iid}}{\sim} p",
        r"\boxed{E = mc^2}",
        r"\boxed{\nabla_\theta \mathcal{L} = 0}",
        r"\overline{X}_n = \frac{1}{n} \sum_{i=1}^n X_i",
        r"\underline{x} \leq x \leq \overline{x}",
        r"\widetilde{\mathcal{L}}(\theta)",
        r"\overrightarrow{AB} + \overrightarrow{BC} = \overrightarrow{AC}",
        r"\underbrace{\mathbb{E}[\log p(x \mid z)]}_{\text{reconstruction}} - \underbrace{D_{\mathrm{KL}}(q \,\|\, p)}_{\text{regularisation}}",
    ),
    *_eqs(
        "tags",
        r"\mathcal{L} = \mathcal{L}_{\mathrm{rec}} + \beta \mathcal{L}_{\mathrm{KL}} \tag{3.1}",
        r"p(x) = \int p(x \mid z) p(z)\, dz \tag{$\ast$}",
        r"e^{i\pi} = -1 \tag*{Euler}",
        r"\begin{equation} a^2 + b^2 = c^2 \tag{P} \end{equation}",
    ),
    *_eqs(
        "more matrices",
        r"\begin{pmatrix} \cos\theta & -\sin\theta \\ \sin\theta & \cos\theta \end{pmatrix}",
        r"\Sigma = \begin{bmatrix} \sigma_1^2 & \rho \sigma_1 \sigma_2 \\ \rho \sigma_1 \sigma_2 & \sigma_2^2 \end{bmatrix}",
        r"\det \begin{vmatrix} a_{11} & a_{12} & a_{13} \\ a_{21} & a_{22} & a_{23} \\ a_{31} & a_{32} & a_{33} \end{vmatrix}",
        r"A = U \Sigma V^\top = \begin{bmatrix} u_1 & \cdots & u_r \end{bmatrix} \begin{bmatrix} \sigma_1 & & \\ & \ddots & \\ & & \sigma_r \end{bmatrix} \begin{bmatrix} v_1^\top \\ \vdots \\ v_r^\top \end{bmatrix}",
        r"\begin{pmatrix} x \\ y \end{pmatrix} \sim \mathcal{N}\left( \begin{pmatrix} \mu_x \\ \mu_y \end{pmatrix}, \begin{pmatrix} \Sigma_{xx} & \Sigma_{xy} \\ \Sigma_{yx} & \Sigma_{yy} \end{pmatrix} \right)",
        r"\left( \begin{smallmatrix} a & b \\ c & d \end{smallmatrix} \right)",
        r"I_n = \begin{bmatrix} 1 & & 0 \\ & \ddots & \\ 0 & & 1 \end{bmatrix}",
        r"\begin{bmatrix} \mathbf{K} + \sigma^2 I & \mathbf{k}_* \\ \mathbf{k}_*^\top & k_{**} \end{bmatrix}",
        r"\begin{array}{lcr} \text{left} & \text{centre} & \text{right} \\ a & b & c \end{array}",
        r"\begin{Bmatrix} 1 & 2 \\ 3 & 4 \end{Bmatrix} \neq \begin{Vmatrix} 1 & 2 \\ 3 & 4 \end{Vmatrix}",
    ),
    *_eqs(
        "more cases",
        r"\mathrm{ReLU}(x) = \begin{cases} x & \text{if } x > 0, \\ 0 & \text{otherwise.} \end{cases}",
        r"\ell_\delta(r) = \begin{cases} \tfrac{1}{2} r^2 & |r| \leq \delta \\ \delta \left( |r| - \tfrac{1}{2} \delta \right) & |r| > \delta \end{cases}",
        r"\eta_t = \begin{cases} \eta_0 \frac{t}{T_w} & t < T_w \\ \eta_0 \cdot \frac{1}{2}\left( 1 + \cos\left( \pi \frac{t - T_w}{T - T_w} \right) \right) & t \geq T_w \end{cases}",
        r"\delta_{ij} = \begin{cases} 1 & i = j \\ 0 & i \neq j \end{cases}",
        r"\operatorname{sign}(x) = \begin{cases} -1 & x < 0 \\ \phantom{-}0 & x = 0 \\ \phantom{-}1 & x > 0 \end{cases}",
        r"S_\lambda(x) = \begin{cases} x - \lambda & x > \lambda \\ 0 & |x| \leq \lambda \\ x + \lambda & x < -\lambda \end{cases}",
    ),
    *_eqs(
        "statistics",
        r"\hat{\beta} = (X^\top X)^{-1} X^\top y",
        r"\hat{\beta}_{\mathrm{ridge}} = (X^\top X + \lambda I)^{-1} X^\top y",
        r"R^2 = 1 - \frac{\sum_i (y_i - \hat{y}_i)^2}{\sum_i (y_i - \bar{y})^2}",
        r"t = \frac{\bar{x} - \mu_0}{s / \sqrt{n}}",
        r"\chi^2 = \sum_{i=1}^k \frac{(O_i - E_i)^2}{E_i}",
        r"\bar{x} \pm z_{\alpha/2} \frac{\sigma}{\sqrt{n}}",
        r"\sqrt{n}\left( \hat{\theta}_n - \theta \right) \xrightarrow{d} \mathcal{N}\left( 0, I(\theta)^{-1} \right)",
        r"I(\theta) = -\mathbb{E}\left[ \frac{\partial^2}{\partial \theta^2} \log p(X \mid \theta) \right]",
        r"\mathrm{BIC} = k \ln n - 2 \ln \hat{L}",
        r"\mathrm{AIC} = 2k - 2 \ln \hat{L}",
        r"p(\theta \mid x) = \frac{p(x \mid \theta)\, p(\theta)}{\int p(x \mid \theta')\, p(\theta')\, d\theta'}",
        r"\mathrm{Beta}(\alpha, \beta) \propto \theta^{\alpha - 1} (1 - \theta)^{\beta - 1}",
        r"\hat{F}_n(x) = \frac{1}{n} \sum_{i=1}^n \mathbb{1}\{X_i \leq x\}",
        r"\sup_x \left| \hat{F}_n(x) - F(x) \right| \xrightarrow{\text{a.s.}} 0",
        r"\Pr\left( |\bar{X} - \mu| \geq t \right) \leq 2 \exp\left( -\frac{2 n t^2}{(b - a)^2} \right)",
        r"\kappa = \frac{p_o - p_e}{1 - p_e}",
        r"\mathrm{logit}(p) = \log \frac{p}{1 - p} = \beta_0 + \beta^\top x",
        r"\hat{f}_h(x) = \frac{1}{n h} \sum_{i=1}^n K\left( \frac{x - x_i}{h} \right)",
    ),
    *_eqs(
        "machine learning",
        r"\mathcal{L}_{\mathrm{CE}} = -\sum_{c=1}^{C} y_c \log \hat{y}_c",
        r"\mathcal{L}_{\mathrm{hinge}} = \sum_i \max\left( 0, 1 - y_i (w^\top x_i + b) \right)",
        r"\min_G \max_D \; \mathbb{E}_{x \sim p_{\mathrm{data}}}[\log D(x)] + \mathbb{E}_{z \sim p_z}[\log(1 - D(G(z)))]",
        r"q(x_t \mid x_{t-1}) = \mathcal{N}\left( x_t; \sqrt{1 - \beta_t}\, x_{t-1}, \beta_t I \right)",
        r"x_{t-1} = \frac{1}{\sqrt{\alpha_t}} \left( x_t - \frac{\beta_t}{\sqrt{1 - \bar{\alpha}_t}} \epsilon_\theta(x_t, t) \right) + \sigma_t z",
        r"\mathcal{L}_{\mathrm{InfoNCE}} = -\mathbb{E}\left[ \log \frac{\exp(f(x, y^+) / \tau)}{\sum_{y \in \{y^+\} \cup Y^-} \exp(f(x, y) / \tau)} \right]",
        r"k(x, x') = \sigma_f^2 \exp\left( -\frac{\|x - x'\|^2}{2 \ell^2} \right)",
        r"f_* \mid X, y, X_* \sim \mathcal{N}\left( K_*^\top (K + \sigma_n^2 I)^{-1} y,\; K_{**} - K_*^\top (K + \sigma_n^2 I)^{-1} K_* \right)",
        r"V(s) \leftarrow V(s) + \alpha \left[ r + \gamma V(s') - V(s) \right]",
        r"G_t = \sum_{k=0}^{\infty} \gamma^k R_{t+k+1}",
        r"\pi_\theta(a \mid s) = \frac{\exp(\phi(s, a)^\top \theta)}{\sum_{b} \exp(\phi(s, b)^\top \theta)}",
        r"\mathrm{perplexity} = \exp\left( -\frac{1}{N} \sum_{i=1}^N \log p(w_i \mid w_{<i}) \right)",
        r"p(w_1, \ldots, w_T) = \prod_{t=1}^{T} p(w_t \mid w_1, \ldots, w_{t-1})",
        r"\hat{y} = \operatorname*{arg\,max}_{y \in \mathcal{Y}} p(y \mid x; \theta)",
        r"\mathrm{BN}(x) = \gamma \frac{x - \mu_{\mathcal{B}}}{\sqrt{\sigma_{\mathcal{B}}^2 + \epsilon}} + \beta",
        r"W \leftarrow W + \alpha B A, \quad B \in \mathbb{R}^{d \times r},\; A \in \mathbb{R}^{r \times k},\; r \ll \min(d, k)",
        r"\mathrm{RMSNorm}(x) = \frac{x}{\sqrt{\frac{1}{d} \sum_{i=1}^d x_i^2 + \epsilon}} \odot g",
        r"\mathrm{SwiGLU}(x) = \left( \mathrm{Swish}(x W) \otimes x V \right) W_2",
    ),
    *_eqs(
        "linear algebra",
        r"A = Q \Lambda Q^{-1}",
        r"A^\top A v = \sigma^2 v",
        r"\operatorname{tr}(ABC) = \operatorname{tr}(CAB) = \operatorname{tr}(BCA)",
        r"(A + UCV)^{-1} = A^{-1} - A^{-1} U \left( C^{-1} + V A^{-1} U \right)^{-1} V A^{-1}",
        r"\langle x, y \rangle = x^\top y = \sum_i x_i y_i",
        r"\frac{\partial}{\partial X} \log \det X = X^{-\top}",
        r"A \otimes B = \begin{bmatrix} a_{11} B & \cdots & a_{1n} B \\ \vdots & \ddots & \vdots \\ a_{m1} B & \cdots & a_{mn} B \end{bmatrix}",
        r"\mathbf{x}^\top A \mathbf{x} \geq 0 \quad \forall \mathbf{x} \in \mathbb{R}^n",
        r"\kappa(A) = \|A\| \, \|A^{-1}\| = \frac{\sigma_{\max}}{\sigma_{\min}}",
        r"P = X (X^\top X)^{-1} X^\top, \qquad P^2 = P",
    ),
    *_eqs(
        "spacing and misc",
        r"a\,b\;c\:d\quad e\qquad f\!g",
        r"\forall x \in X,\ \exists y \in Y : f(x) = y",
        r"f: \mathcal{X} \to \mathcal{Y}, \quad x \mapsto f(x)",
        r"\{ x \mid x > 0 \} \cap \{ x \mid x < 1 \} = (0, 1)",
        r"\lfloor x \rfloor \leq x < \lfloor x \rfloor + 1",
        r"\binom{n}{k} = \binom{n-1}{k-1} + \binom{n-1}{k}",
        r"a \equiv b \pmod{m} \iff m \mid (a - b)",
        r"\sqrt{x^2 + y^2} \leq |x| + |y|",
        r"\frac{\displaystyle \sum_{i} x_i}{\displaystyle \prod_j y_j}",
        r"\left( \frac{a}{b} \right)^{\frac{c}{d}}",
        r"e^{-\frac{x^2}{2\sigma^2}}",
        r"x^{a^{b^{c}}}",
        r"\cdots \ldots \vdots \ddots",
        r"\aleph_0 < 2^{\aleph_0}",
        r"\mathbb{P}\left( \bigcap_{i=1}^n A_i \right) = \prod_{i=1}^n \mathbb{P}(A_i)",
        r"\Omega(n \log n) \ni T(n) \in O(n^2)",
        r"\lim_{T \to \infty} \frac{1}{T} \sum_{t=1}^T r_t",
        r"\mathbf{1}^\top \mathbf{p} = 1, \quad \mathbf{p} \succeq 0",
    ),
    *_eqs(
        "more inline",
        r"m'",
        r"f''(x)",
        r"\operatorname*{arg\,max}_x f(x)",
        r"\{ a_i \}",
        r"\beta\log\pi",
        r"\max(m, m')",
        r"x_{i \le j}",
        r"\mathrm{softmax}(z)_i",
        r"D_{\mathrm{KL}}(q \,\|\, p)",
        r"\text{loss} = \tanh(x)",
        r"\mathbb{R}^{d}",
        r"\sqrt{d_k}",
        r"\sum_{i=1}^n x_i",
        r"\int_0^1 f",
        r"\frac{a}{b}",
        r"\binom{n}{2}",
        r"\boldsymbol{\theta}",
        r"\hat{y}_i",
        r"\epsilon \sim \mathcal{N}(0, I)",
        r"\lVert w \rVert_2^2",
        display=False,
    ),
]
