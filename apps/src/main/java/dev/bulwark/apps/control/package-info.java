/**
 * A real-time control loop as two apps: {@link dev.bulwark.apps.control.Controller} closes the loop at the
 * period of a timer device it owns (1 ms), sending forces over a channel to
 * {@link dev.bulwark.apps.control.Plant}, which simulates an inverted pendulum on a cart
 * ({@link dev.bulwark.apps.control.CartPole}) and answers each force with its new state
 * ({@link dev.bulwark.apps.control.LoopProtocol}).
 *
 * <p>What it shows: a sandbox's deadlines do not depend on what happens in other sandboxes. The controller's
 * {@link dev.bulwark.apps.control.LoopLedger} counts a deadline miss when the answer to tick k's command is
 * not in by tick k+1's deadline, and each tick its kernel skipped; it also keeps the worst tick lateness, the
 * worst round trip and whether the pole stayed up. A run with faults injected into bystander sandboxes is
 * compared with one without ({@code examples/control.yaml}).
 *
 * <p>The control law is LQR state feedback designed here, at class load, by
 * {@link dev.bulwark.apps.control.LqrDesign} from the linearised model: nothing is tuned by hand but the
 * weights.
 *
 * <p>State: each app keeps what matters in its app memory (the plant its simulation, the controller its
 * ledger and the latest state), so an app restart goes on where it was; a kernel restart from the pristine
 * image zeroes the memory, and the plant's simulation (or the controller's account) starts again.
 */
package dev.bulwark.apps.control;
