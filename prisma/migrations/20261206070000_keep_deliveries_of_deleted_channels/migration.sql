-- A deleted alert channel keeps its deliveries' record (incidents and the delivery list still
-- say what was sent where); the delivery's target keeps the channel's name.
ALTER TABLE "alert_delivery" DROP CONSTRAINT "alert_delivery_channelId_fkey";
ALTER TABLE "alert_delivery" ADD CONSTRAINT "alert_delivery_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "alert_channel"("id") ON DELETE SET NULL ON UPDATE CASCADE;
