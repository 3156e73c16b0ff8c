package io.cirrus.app;

/**
 * Where a deployment of an app version stands. {@code SCHEDULED -> DEPLOYING -> RUNNING | FAILED}; a running
 * deployment ends {@code STOPPED} (by a person, or replaced by a newer one) or is {@code PAUSED} by the platform and
 * runs again when resumed. At most one deployment of an app is live ({@link #live()}) at a time.
 */
public enum DeploymentState {

	/** Waits for its time. */
	SCHEDULED,
	/** Being validated again and compiled. */
	DEPLOYING,
	/** Live: the runtime evaluates events with it. */
	RUNNING,
	/** Could not be deployed; the reason says why. */
	FAILED,
	/** Ended: stopped by a person, replaced by a newer deployment, or cancelled before its time. */
	STOPPED,
	/** Held by the platform (e.g. its actions kept failing); resumes to RUNNING. */
	PAUSED;

	/** Whether the deployment is the app's live one (at most one per app). */
	public boolean live() {
		return this == DEPLOYING || this == RUNNING || this == PAUSED;
	}

	/** Whether nothing more happens to the deployment. */
	public boolean ended() {
		return this == FAILED || this == STOPPED;
	}
}
