# One image for every role: web, scheduler, worker, migrate (docker-compose.yaml picks the command).
FROM node:24-bookworm-slim
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1
WORKDIR /app
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts ./scripts
RUN npm ci
COPY . .
RUN npx next build
# Task subprocesses run as this unprivileged user too.
RUN useradd --create-home --uid 10001 tributary && chown -R tributary /app/.next
USER tributary
EXPOSE 3000
CMD ["npx", "next", "start", "-p", "3000"]
