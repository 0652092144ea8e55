// IAM1xx: least privilege ("deny on the scary stuff", "small policies tied to tasks").
import type { Rule } from "../types.js";
import allowNotAction from "./allow-not-action.js";
import credentialsExposure from "./credentials-exposure.js";
import dataExfiltration from "./data-exfiltration.js";
import fullAdmin from "./full-admin.js";
import passRoleUnrestricted from "./passrole-unrestricted.js";
import privilegeEscalation from "./privilege-escalation.js";
import serviceWildcard from "./service-wildcard.js";
import writeOnAllResources from "./write-on-all-resources.js";

export const leastPrivilegeRules: readonly Rule[] = [
  fullAdmin,
  serviceWildcard,
  writeOnAllResources,
  allowNotAction,
  privilegeEscalation,
  passRoleUnrestricted,
  dataExfiltration,
  credentialsExposure,
];
