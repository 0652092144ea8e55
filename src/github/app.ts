import type { ApplicationFunction } from "probot";

/**
 * The Probot application. Pull-request reviews and comment commands are registered here as the review
 * engine lands (issues #7 and #8); until then the App starts, answers /ping and serves its setup page.
 */
const app: ApplicationFunction = (probot) => {
  probot.log.info("iam-review loaded");
};

export default app;
